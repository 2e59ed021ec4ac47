//! Pure work split over two cores without changing its result: the items are cut in two
//! halves, each half is worked on its own thread, and the results come back in the items'
//! order. The machine sgctl is measured on has two cores (docs/performance.md); the big
//! stages of a plan are one independent computation per group, which splits this way.

/// Below this many items a second thread costs more than it saves.
pub const WORTH_SPLITTING: usize = 512;

/// `items.iter().map(work).collect()`, on two threads for a long slice.
pub fn map<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    if items.len() < WORTH_SPLITTING {
        return items.iter().map(work).collect();
    }
    let (first, second) = items.split_at(items.len() / 2);
    let work = &work;
    std::thread::scope(|scope| {
        let later = scope.spawn(move || second.iter().map(work).collect::<Vec<R>>());
        let mut results: Vec<R> = first.iter().map(work).collect();
        results.extend(later.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)));
        results
    })
}

/// `items.iter_mut().for_each(work)`, on two threads for a long slice.
pub fn for_each_mut<T: Send>(items: &mut [T], work: impl Fn(&mut T) + Sync) {
    if items.len() < WORTH_SPLITTING {
        items.iter_mut().for_each(work);
        return;
    }
    let middle = items.len() / 2;
    let (first, second) = items.split_at_mut(middle);
    let work = &work;
    std::thread::scope(|scope| {
        let later = scope.spawn(move || second.iter_mut().for_each(work));
        first.iter_mut().for_each(work);
        later.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    });
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_keep_the_items_order_at_every_length() {
        for length in [0, 1, super::WORTH_SPLITTING - 1, super::WORTH_SPLITTING, 5_001] {
            let items: Vec<usize> = (0..length).collect();
            assert_eq!(super::map(&items, |item| item * 3), items.iter().map(|item| item * 3).collect::<Vec<_>>());
            let mut changed = items.clone();
            super::for_each_mut(&mut changed, |item| *item += 7);
            assert_eq!(changed, items.iter().map(|item| item + 7).collect::<Vec<_>>());
        }
    }
}
