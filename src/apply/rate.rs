//! A client-side token bucket for mutating calls, kept under EC2's request-rate limits for
//! mutating actions (a bucket of 200 refilled at 5 per second per account and region), so
//! that a large apply paces itself instead of being throttled.

use std::cell::RefCell;
use std::time::Duration;
use tokio::time::Instant;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RateLimit {
    pub burst: f64,
    pub per_second: f64,
}

impl Default for RateLimit {
    fn default() -> Self {
        RateLimit { burst: 200.0, per_second: 5.0 }
    }
}

/// The bucket itself (single task: a `RefCell` is enough).
#[derive(Debug)]
pub struct Bucket {
    limit: RateLimit,
    state: RefCell<(f64, Instant)>,
}

impl Bucket {
    pub fn new(limit: RateLimit) -> Bucket {
        Bucket { limit, state: RefCell::new((limit.burst, Instant::now())) }
    }

    /// Waits until a call may be made, then takes its token.
    pub async fn acquire(&self) {
        loop {
            let wait = {
                let mut state = self.state.borrow_mut();
                let now = Instant::now();
                let refilled =
                    (state.0 + now.duration_since(state.1).as_secs_f64() * self.limit.per_second).min(self.limit.burst);
                *state = (refilled, now);
                if refilled >= 1.0 {
                    state.0 -= 1.0;
                    return;
                }
                Duration::from_secs_f64((1.0 - refilled) / self.limit.per_second.max(f64::MIN_POSITIVE))
            };
            tokio::time::sleep(wait).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn paces_calls_after_the_burst() {
        let bucket = Bucket::new(RateLimit { burst: 3.0, per_second: 2.0 });
        let start = Instant::now();
        for _ in 0..7 {
            bucket.acquire().await;
        }
        // 3 at once, then 4 more at 2 per second.
        assert_eq!(start.elapsed().as_secs_f64().round(), 2.0);
    }
}
