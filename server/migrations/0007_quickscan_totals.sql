-- Running totals of quick scan responses per round, role and theme, kept by triggers, so the aggregate costs
-- O(roles x themes) to read whatever the number of responses (it is read after every response).
-- Scores are kept in hundredths (they are rounded to two decimals), so sums and differences stay exact.

CREATE TABLE quickscan_role_counts (
    scan_id      TEXT NOT NULL,
    round_id     TEXT NOT NULL,
    role         TEXT NOT NULL,
    respondents  INTEGER NOT NULL,
    PRIMARY KEY (scan_id, round_id, role)
) WITHOUT ROWID;

CREATE TABLE quickscan_theme_totals (
    scan_id      TEXT NOT NULL,
    round_id     TEXT NOT NULL,
    role         TEXT NOT NULL,
    theme_id     TEXT NOT NULL,
    score_centi  INTEGER NOT NULL,   -- sum of scores x 100
    score_count  INTEGER NOT NULL,
    grade_sum    INTEGER NOT NULL,
    grade_count  INTEGER NOT NULL,
    PRIMARY KEY (scan_id, round_id, role, theme_id)
) WITHOUT ROWID;

CREATE TRIGGER quickscan_response_counted AFTER INSERT ON quickscan_responses BEGIN
    INSERT INTO quickscan_role_counts (scan_id, round_id, role, respondents)
    VALUES (NEW.scan_id, NEW.round_id, NEW.role, 1)
    ON CONFLICT DO UPDATE SET respondents = respondents + 1;
END;

CREATE TRIGGER quickscan_score_counted AFTER INSERT ON quickscan_scores BEGIN
    INSERT INTO quickscan_theme_totals (scan_id, round_id, role, theme_id, score_centi, score_count, grade_sum, grade_count)
    SELECT r.scan_id, r.round_id, r.role, NEW.theme_id,
           COALESCE(CAST(ROUND(NEW.score * 100) AS INTEGER), 0), NEW.score IS NOT NULL,
           COALESCE(NEW.grade, 0), NEW.grade IS NOT NULL
    FROM quickscan_responses r WHERE r.id = NEW.response_id
    ON CONFLICT DO UPDATE SET score_centi = score_centi + excluded.score_centi,
                              score_count = score_count + excluded.score_count,
                              grade_sum = grade_sum + excluded.grade_sum,
                              grade_count = grade_count + excluded.grade_count;
END;

-- Before the response goes (its scores go with it by cascade): take it and its scores out of the totals.
CREATE TRIGGER quickscan_response_uncounted BEFORE DELETE ON quickscan_responses BEGIN
    UPDATE quickscan_role_counts SET respondents = respondents - 1
    WHERE scan_id = OLD.scan_id AND round_id = OLD.round_id AND role = OLD.role;
    UPDATE quickscan_theme_totals
    SET score_centi = score_centi - (SELECT COALESCE(CAST(ROUND(s.score * 100) AS INTEGER), 0) FROM quickscan_scores s
                                     WHERE s.response_id = OLD.id AND s.theme_id = quickscan_theme_totals.theme_id),
        score_count = score_count - (SELECT s.score IS NOT NULL FROM quickscan_scores s
                                     WHERE s.response_id = OLD.id AND s.theme_id = quickscan_theme_totals.theme_id),
        grade_sum = grade_sum - (SELECT COALESCE(s.grade, 0) FROM quickscan_scores s
                                 WHERE s.response_id = OLD.id AND s.theme_id = quickscan_theme_totals.theme_id),
        grade_count = grade_count - (SELECT s.grade IS NOT NULL FROM quickscan_scores s
                                     WHERE s.response_id = OLD.id AND s.theme_id = quickscan_theme_totals.theme_id)
    WHERE scan_id = OLD.scan_id AND round_id = OLD.round_id AND role = OLD.role
      AND theme_id IN (SELECT theme_id FROM quickscan_scores WHERE response_id = OLD.id);
END;

-- Responses stored before these totals existed.
INSERT INTO quickscan_role_counts (scan_id, round_id, role, respondents)
SELECT scan_id, round_id, role, COUNT(*) FROM quickscan_responses GROUP BY scan_id, round_id, role;

INSERT INTO quickscan_theme_totals (scan_id, round_id, role, theme_id, score_centi, score_count, grade_sum, grade_count)
SELECT r.scan_id, r.round_id, r.role, s.theme_id, COALESCE(SUM(CAST(ROUND(s.score * 100) AS INTEGER)), 0),
       COUNT(s.score), COALESCE(SUM(s.grade), 0), COUNT(s.grade)
FROM quickscan_scores s JOIN quickscan_responses r ON r.id = s.response_id
GROUP BY r.scan_id, r.round_id, r.role, s.theme_id;
