-- PostgreSQL version of migrations/0007_quickscan_totals.sql: the same running totals, kept by PL/pgSQL triggers.

CREATE TABLE quickscan_role_counts (
    scan_id      TEXT NOT NULL,
    round_id     TEXT NOT NULL,
    role         TEXT NOT NULL,
    respondents  BIGINT NOT NULL,
    PRIMARY KEY (scan_id, round_id, role)
);

CREATE TABLE quickscan_theme_totals (
    scan_id      TEXT NOT NULL,
    round_id     TEXT NOT NULL,
    role         TEXT NOT NULL,
    theme_id     TEXT NOT NULL,
    score_centi  BIGINT NOT NULL,   -- sum of scores x 100
    score_count  BIGINT NOT NULL,
    grade_sum    BIGINT NOT NULL,
    grade_count  BIGINT NOT NULL,
    PRIMARY KEY (scan_id, round_id, role, theme_id)
);

CREATE FUNCTION quickscan_response_counted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO quickscan_role_counts AS t (scan_id, round_id, role, respondents)
    VALUES (NEW.scan_id, NEW.round_id, NEW.role, 1)
    ON CONFLICT (scan_id, round_id, role) DO UPDATE SET respondents = t.respondents + 1;
    RETURN NEW;
END $$;
CREATE TRIGGER quickscan_response_counted AFTER INSERT ON quickscan_responses
    FOR EACH ROW EXECUTE FUNCTION quickscan_response_counted();

CREATE FUNCTION quickscan_score_counted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO quickscan_theme_totals AS t
        (scan_id, round_id, role, theme_id, score_centi, score_count, grade_sum, grade_count)
    SELECT r.scan_id, r.round_id, r.role, NEW.theme_id,
           COALESCE(ROUND(NEW.score * 100)::BIGINT, 0), (NEW.score IS NOT NULL)::INTEGER,
           COALESCE(NEW.grade, 0), (NEW.grade IS NOT NULL)::INTEGER
    FROM quickscan_responses r WHERE r.id = NEW.response_id
    ON CONFLICT (scan_id, round_id, role, theme_id) DO UPDATE SET score_centi = t.score_centi + excluded.score_centi,
                              score_count = t.score_count + excluded.score_count,
                              grade_sum = t.grade_sum + excluded.grade_sum,
                              grade_count = t.grade_count + excluded.grade_count;
    RETURN NEW;
END $$;
CREATE TRIGGER quickscan_score_counted AFTER INSERT ON quickscan_scores
    FOR EACH ROW EXECUTE FUNCTION quickscan_score_counted();

-- Before the response goes (its scores go with it by cascade): take it and its scores out of the totals.
CREATE FUNCTION quickscan_response_uncounted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE quickscan_role_counts SET respondents = respondents - 1
    WHERE scan_id = OLD.scan_id AND round_id = OLD.round_id AND role = OLD.role;
    UPDATE quickscan_theme_totals t
    SET score_centi = t.score_centi - COALESCE(ROUND(s.score * 100)::BIGINT, 0),
        score_count = t.score_count - (s.score IS NOT NULL)::INTEGER,
        grade_sum = t.grade_sum - COALESCE(s.grade, 0),
        grade_count = t.grade_count - (s.grade IS NOT NULL)::INTEGER
    FROM quickscan_scores s
    WHERE s.response_id = OLD.id AND s.theme_id = t.theme_id
      AND t.scan_id = OLD.scan_id AND t.round_id = OLD.round_id AND t.role = OLD.role;
    RETURN OLD;
END $$;
CREATE TRIGGER quickscan_response_uncounted BEFORE DELETE ON quickscan_responses
    FOR EACH ROW EXECUTE FUNCTION quickscan_response_uncounted();
