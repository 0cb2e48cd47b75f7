//! Values worked out once per build and shared by its parallel workers:
//! rendered bodies, released texts, what readers saw of them, their diffs.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex};

/// A map from keys to values computed on first use.
#[derive(Debug)]
pub struct Memo<K, V> {
    values: Mutex<HashMap<K, Arc<V>>>,
}

impl<K, V> Default for Memo<K, V> {
    fn default() -> Self {
        Memo {
            values: Mutex::new(HashMap::new()),
        }
    }
}

impl<K: Eq + Hash, V> Memo<K, V> {
    /// The value for `key`, made by `make` the first time.
    pub fn get_or<Q>(&self, key: &Q, make: impl FnOnce() -> V) -> Arc<V>
    where
        K: Borrow<Q>,
        Q: Eq + Hash + ToOwned<Owned = K> + ?Sized,
    {
        match self.kept(key) {
            Some(value) => value,
            None => self.keep(key, make()),
        }
    }

    /// The value for `key`, made by `make` the first time; `None` when
    /// `make` fails, and nothing is kept then.
    pub fn try_get_or<Q>(&self, key: &Q, make: impl FnOnce() -> Option<V>) -> Option<Arc<V>>
    where
        K: Borrow<Q>,
        Q: Eq + Hash + ToOwned<Owned = K> + ?Sized,
    {
        match self.kept(key) {
            Some(value) => Some(value),
            None => Some(self.keep(key, make()?)),
        }
    }

    /// How many values are kept.
    #[cfg(test)]
    pub fn kept_count(&self) -> usize {
        self.values.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    /// Forgets every value.
    #[cfg(test)]
    pub fn clear(&self) {
        self.values
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }

    /// The value for `key`, if one was made.
    pub fn get<Q>(&self, key: &Q) -> Option<Arc<V>>
    where
        K: Borrow<Q>,
        Q: Eq + Hash + ?Sized,
    {
        self.kept(key)
    }

    fn kept<Q>(&self, key: &Q) -> Option<Arc<V>>
    where
        K: Borrow<Q>,
        Q: Eq + Hash + ?Sized,
    {
        let values = self.values.lock().unwrap_or_else(|e| e.into_inner());
        values.get(key).cloned()
    }

    /// Keeps a value made outside the lock, so that workers do not wait on
    /// each other; if two made it at once, the first one kept is the one
    /// every caller gets.
    fn keep<Q>(&self, key: &Q, value: V) -> Arc<V>
    where
        K: Borrow<Q>,
        Q: Eq + Hash + ToOwned<Owned = K> + ?Sized,
    {
        let mut values = self.values.lock().unwrap_or_else(|e| e.into_inner());
        values
            .entry(key.to_owned())
            .or_insert_with(|| Arc::new(value))
            .clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_made_once_and_a_failure_is_not_kept() {
        let memo: Memo<String, usize> = Memo::default();
        let made = std::cell::Cell::new(0);
        let make = || {
            made.set(made.get() + 1);
            Some(7)
        };
        assert_eq!(memo.try_get_or("a", make).as_deref(), Some(&7));
        assert_eq!(*memo.get_or("a", || 8), 7);
        assert_eq!(made.get(), 1);
        assert_eq!(memo.try_get_or("b", || None), None);
        assert_eq!(memo.try_get_or("b", || Some(2)).as_deref(), Some(&2));
    }
}
