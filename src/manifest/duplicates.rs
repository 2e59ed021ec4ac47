//! The same object defined twice in the input is refused: `kubectl apply` would keep only
//! the last one, and merging both into a plan would describe neither. Objects are the same
//! when their kind, namespace and name are (`keys`).

use super::keys::ObjectKey;
use super::{InputError, Manifests, Source};
use std::collections::HashMap;

/// Fails on the first object defined twice, kind by kind in input order.
pub fn refuse_duplicates(manifests: &Manifests) -> Result<(), InputError> {
    let keyed = manifests.keyed();
    let mut seen: HashMap<&ObjectKey, &Source> = HashMap::with_capacity(keyed.len());
    for (key, source) in &keyed {
        if let Some(first) = seen.insert(key, source) {
            return Err(InputError::new(format!("{key} is defined twice (first at {first})"))
                .at(source)
                .hint("keep one definition; kubectl apply would silently keep only the last"));
        }
    }
    Ok(())
}
