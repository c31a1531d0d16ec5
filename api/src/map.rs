//! [`SortedMap`]: the maps of the API (a respondent's answers by statement, scores by role), kept as a sorted vector.
//!
//! These maps hold a few dozen entries at most, and every widget module compiles the code of each map type it uses
//! once per key and value type. The standard library's `BTreeMap` brings its node balancing for each of them: 76 KB
//! of the quick scan's code before optimisation, measured with `scripts/bytes.mjs quickscan`. A sorted vector needs a
//! binary search and `Vec`'s insert and remove, which every module has anyway. It reads and writes JSON as an object,
//! iterates in key order and keeps the last value of a key given twice, as `BTreeMap` did, so the wire format and the
//! OpenAPI document (which describes these fields as the `BTreeMap` they were, `value_type`) are unchanged.

use std::borrow::Borrow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A map ordered by its keys, each key at most once.
#[derive(Clone, PartialEq, Eq)]
pub struct SortedMap<K, V> {
    entries: Vec<(K, V)>,
}

impl<K, V> Default for SortedMap<K, V> {
    fn default() -> Self {
        SortedMap { entries: Vec::new() }
    }
}

impl<K: Ord, V> SortedMap<K, V> {
    /// An empty map.
    pub fn new() -> Self {
        SortedMap::default()
    }

    fn find<Q: Ord + ?Sized>(&self, key: &Q) -> Result<usize, usize>
    where
        K: Borrow<Q>,
    {
        self.entries.binary_search_by(|(k, _)| k.borrow().cmp(key))
    }

    /// The map of `entries` in any order, with the last value of a key given more than once, as `BTreeMap` keeps it.
    /// Sorts once, rather than inserting one by one, which moves the entries after each insertion point: input from a
    /// request (any order, any number of keys up to the body limit) costs n log n, not n².
    fn from_unsorted(mut entries: Vec<(K, V)>) -> Self {
        entries.reverse();
        // A stable sort keeps, among equal keys, the last value given first; dedup keeps the first of each run.
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        entries.dedup_by(|later, kept| later.0 == kept.0);
        SortedMap { entries }
    }

    /// The value of `key`.
    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|at| &self.entries[at].1)
    }

    /// The value of `key`, to change.
    pub fn get_mut<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|at| &mut self.entries[at].1)
    }

    /// Whether the map has `key`.
    pub fn contains_key<Q: Ord + ?Sized>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.find(key).is_ok()
    }

    /// Sets the value of `key`, and returns the value it had.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.find(&key) {
            Ok(at) => Some(std::mem::replace(&mut self.entries[at].1, value)),
            Err(at) => {
                self.entries.insert(at, (key, value));
                None
            }
        }
    }

    /// Takes `key` out, and returns its value.
    pub fn remove<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|at| self.entries.remove(at).1)
    }
}

impl<K, V> SortedMap<K, V> {
    /// The number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the map has no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Takes every entry out.
    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// Keeps only the entries for which `keep` is true.
    pub fn retain(&mut self, mut keep: impl FnMut(&K, &mut V) -> bool) {
        self.entries.retain_mut(|(key, value)| keep(key, value));
    }

    /// The entries in key order.
    pub fn iter(&self) -> Iter<'_, K, V> {
        fn pair<K, V>((key, value): &(K, V)) -> (&K, &V) {
            (key, value)
        }
        self.entries.iter().map(pair as fn(&(K, V)) -> (&K, &V))
    }

    /// The keys in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &K> + ExactSizeIterator + Clone {
        self.entries.iter().map(|(key, _)| key)
    }

    /// The values in key order.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &V> + ExactSizeIterator + Clone {
        self.entries.iter().map(|(_, value)| value)
    }
}

/// The iterator of [`SortedMap::iter`].
pub type Iter<'a, K, V> = std::iter::Map<std::slice::Iter<'a, (K, V)>, fn(&'a (K, V)) -> (&'a K, &'a V)>;

impl<'a, K, V> IntoIterator for &'a SortedMap<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = Iter<'a, K, V>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<K, V> IntoIterator for SortedMap<K, V> {
    type Item = (K, V);
    type IntoIter = std::vec::IntoIter<(K, V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

/// Later entries win over earlier ones with the same key, as with `BTreeMap`.
impl<K: Ord, V> FromIterator<(K, V)> for SortedMap<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(entries: I) -> Self {
        SortedMap::from_unsorted(entries.into_iter().collect())
    }
}

impl<K: Ord, V> Extend<(K, V)> for SortedMap<K, V> {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, entries: I) {
        for (key, value) in entries {
            self.insert(key, value);
        }
    }
}

impl<K: Ord, V, const N: usize> From<[(K, V); N]> for SortedMap<K, V> {
    fn from(entries: [(K, V); N]) -> Self {
        entries.into_iter().collect()
    }
}

/// The value of a key the map has; panics on another, as `BTreeMap` does.
impl<K: Ord + Borrow<Q>, Q: Ord + ?Sized, V> std::ops::Index<&Q> for SortedMap<K, V> {
    type Output = V;

    fn index(&self, key: &Q) -> &V {
        self.get(key).expect("no such key in the map")
    }
}

impl<K: fmt::Debug, V: fmt::Debug> fmt::Debug for SortedMap<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<K: Serialize, V: Serialize> Serialize for SortedMap<K, V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

impl<'de, K: Deserialize<'de> + Ord, V: Deserialize<'de>> Deserialize<'de> for SortedMap<K, V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Entries<K, V>(PhantomData<(K, V)>);

        impl<'de, K: Deserialize<'de> + Ord, V: Deserialize<'de>> Visitor<'de> for Entries<K, V> {
            type Value = SortedMap<K, V>;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut entries: A) -> Result<Self::Value, A::Error> {
                let mut all = Vec::new();
                while let Some(entry) = entries.next_entry()? {
                    all.push(entry);
                }
                Ok(SortedMap::from_unsorted(all))
            }
        }

        deserializer.deserialize_map(Entries(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn keeps_its_keys_in_order_and_each_once() {
        let mut map = SortedMap::new();
        assert_eq!(map.insert("b", 2), None);
        assert_eq!(map.insert("a", 1), None);
        assert_eq!(map.insert("c", 3), None);
        assert_eq!(map.insert("b", 20), Some(2));
        assert_eq!(map.iter().collect::<Vec<_>>(), [(&"a", &1), (&"b", &20), (&"c", &3)]);
        assert_eq!(map.len(), 3);
        assert_eq!(map.get("b"), Some(&20));
        assert_eq!(map.get("d"), None);
        assert!(map.contains_key("c"));
        assert_eq!(map.remove("a"), Some(1));
        assert_eq!(map.remove("a"), None);
        *map.get_mut("c").unwrap() += 1;
        map.retain(|key, _| *key != "b");
        assert_eq!(map.into_iter().collect::<Vec<_>>(), [("c", 4)]);
    }

    #[test]
    fn behaves_as_the_btree_map_it_replaced_for_any_sequence_of_changes() {
        // A fixed pseudo-random sequence of inserts and removes over a few keys, checked against BTreeMap at each step.
        let mut ours = SortedMap::new();
        let mut theirs = BTreeMap::new();
        let mut state = 0x2545_f491_u32;
        for step in 0..2000 {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            let key = state % 17;
            if state.is_multiple_of(3) {
                assert_eq!(ours.remove(&key), theirs.remove(&key), "step {step}");
            } else {
                assert_eq!(ours.insert(key, step), theirs.insert(key, step), "step {step}");
            }
            assert!(ours.iter().eq(theirs.iter()), "step {step}");
        }
        assert!(ours.keys().eq(theirs.keys()) && ours.values().eq(theirs.values()));
    }

    #[test]
    fn collects_entries_in_any_order_keeping_the_last_value_of_a_key() {
        let mut state = 0x9e37_79b9_u32;
        let entries: Vec<(u32, usize)> = (0..5000)
            .map(|at| {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                (state % 701, at)
            })
            .collect();
        let ours: SortedMap<_, _> = entries.iter().copied().collect();
        let theirs: BTreeMap<_, _> = entries.iter().copied().collect();
        assert!(ours.iter().eq(theirs.iter()));
        let reversed: SortedMap<_, _> = (0..3000).rev().map(|key| (key, key)).collect();
        assert!(reversed.keys().copied().eq(0..3000));
    }

    #[test]
    fn reads_and_writes_json_as_the_btree_map_did() {
        let text = r#"{"b": 2, "a": 1, "b": 3}"#;
        let ours: SortedMap<String, u8> = serde_json::from_str(text).unwrap();
        let theirs: BTreeMap<String, u8> = serde_json::from_str(text).unwrap();
        assert!(ours.iter().eq(theirs.iter()), "the last value of a key given twice");
        assert_eq!(serde_json::to_string(&ours).unwrap(), serde_json::to_string(&theirs).unwrap());
        assert_eq!(serde_json::to_string(&ours).unwrap(), r#"{"a":1,"b":3}"#);
        assert!(serde_json::from_str::<SortedMap<String, u8>>("[1]").is_err());
        assert_eq!(format!("{ours:?}"), format!("{theirs:?}"));
    }
}
