//! Pure work split over two cores without changing its result: the items are cut in two
//! halves, each half is worked on its own thread (or, for items of uneven cost, taken one
//! at a time by each thread), and the results come back in the items' order. The machine
//! sgctl is measured on has two cores (docs/performance.md); the big stages of a plan are
//! one independent computation per group, which splits this way.

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

/// `items.iter().map(work)` on up to `workers` threads, each taking the next item as it
/// finishes one (for items of uneven cost: files, pieces of files); the results in the
/// items' order.
pub fn map_queued<T: Sync, R: Send>(items: &[T], workers: usize, work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let workers = workers.min(items.len());
    if workers <= 1 {
        return items.iter().map(work).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results: Vec<std::sync::Mutex<Option<R>>> = items.iter().map(|_| std::sync::Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            // The main thread's stack size: deep recursion (nested YAML) must fail the same way here.
            let spawned = std::thread::Builder::new().stack_size(8 << 20).spawn_scoped(scope, || loop {
                let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(item) = items.get(index) else { break };
                let result = work(item);
                *results[index].lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(result);
            });
            if spawned.is_err() {
                break; // no thread to be had: the others (or the loop below) do the work
            }
        }
    });
    results
        .into_iter()
        .zip(items)
        .map(|(slot, item)| {
            slot.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner()).unwrap_or_else(|| work(item))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_keep_the_items_order_at_every_length() {
        for length in [0, 1, super::WORTH_SPLITTING - 1, super::WORTH_SPLITTING, 5_001] {
            let items: Vec<usize> = (0..length).collect();
            assert_eq!(super::map(&items, |item| item * 3), items.iter().map(|item| item * 3).collect::<Vec<_>>());
            assert_eq!(
                super::map_queued(&items, 2, |item| item * 3),
                items.iter().map(|item| item * 3).collect::<Vec<_>>()
            );
            let mut changed = items.clone();
            super::for_each_mut(&mut changed, |item| *item += 7);
            assert_eq!(changed, items.iter().map(|item| item + 7).collect::<Vec<_>>());
        }
    }
}
