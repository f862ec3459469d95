//! Running one piece of work per input on a thread pool, delivering the results in input
//! order, with bounded memory: the batch driver of `sheetwash convert`.
//!
//! [`run_ordered`] takes the inputs' weights (their sizes in bytes), a `work` function run
//! on the pool's threads and a `deliver` function run on the caller's thread, which receives
//! every result in input order whatever the number of threads. Nothing here prints, reads
//! files or knows about documents; the command line decides what a piece of work is.
//!
//! # Threads
//!
//! The caller builds the pool ([`thread_pool`]), a local one, so a library user's global
//! rayon pool is left alone. Each of its threads runs one loop that takes the next input in
//! order, works on it and sends the result to the caller; rayon work started inside a piece
//! of work runs on the same pool, on threads whose loops have no input left to take. The
//! loops are broadcast, one per thread, so a thread waiting inside nested rayon work never
//! picks up another loop. With one thread, one input is worked on at a time.
//!
//! # Order and the reorder window
//!
//! Inputs are taken strictly in order, and one is taken only while it is fewer than
//! [`BatchOptions::window`] places past the first result not yet delivered: a thread that
//! would run further ahead waits until the caller has caught up. Results that arrive early
//! wait in a reorder buffer of at most `window` entries, so a slow consumer (a pipe) makes
//! the workers wait instead of letting rendered output pile up; and the smallest input not
//! yet delivered is always being worked on, so the batch never stalls.
//!
//! # Memory policy
//!
//! The working memory of an input — its bytes, decoded cells, document and rendered output —
//! grows with its size, so each input weighs its size in bytes, capped at
//! [`BatchOptions::memory_budget`], and the inputs in flight may weigh at most the budget
//! together. An input is taken only when its weight fits beside those in flight, or when
//! nothing else is in flight: small inputs run as many at a time as there are threads, an
//! input over half the budget never runs beside another as large, and one over the budget runs
//! alone. Weights are taken in input order (first come, first served), which keeps the batch
//! from stalling on them: the first input not delivered never waits for a later one.
//!
//! A piece of work gets its weight as a [`Permit`] and keeps it as long as it holds memory
//! for the input: a worker that writes its output itself drops it there; one whose result
//! carries rendered output puts the permit in the result, and it is returned once the caller
//! has written and dropped that result.

use std::collections::BTreeMap;
use std::num::NonZeroUsize;
use std::ops::ControlFlow;
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};

/// Options of a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchOptions {
    /// How far past the first undelivered result an input may be taken (at least 1).
    pub window: usize,
    /// The most input bytes in flight at once; see the module docs.
    pub memory_budget: u64,
}

/// The default memory budget: 16 MiB of input in flight. Typical sheets (well under 1 MiB)
/// run on every thread at once; a text dump of tens of megabytes runs alone.
pub const DEFAULT_MEMORY_BUDGET: u64 = 16 << 20;

impl Default for BatchOptions {
    fn default() -> Self {
        Self { window: 64, memory_budget: DEFAULT_MEMORY_BUDGET }
    }
}

/// The number of threads for `--jobs N`: `N`, or the number of available cores for 0.
pub fn thread_count(jobs: usize) -> usize {
    match jobs {
        0 => std::thread::available_parallelism().map_or(1, NonZeroUsize::get),
        n => n,
    }
}

/// A local rayon pool of [`thread_count`]`(jobs)` threads.
///
/// # Errors
///
/// When the threads cannot be started.
pub fn thread_pool(jobs: usize) -> Result<rayon::ThreadPool, rayon::ThreadPoolBuildError> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(thread_count(jobs))
        .thread_name(|index| format!("sheetwash-{index}"))
        .build()
}

/// The weight of one input in flight; returned when dropped (see the module docs).
#[derive(Debug)]
#[must_use = "dropping the permit at once lets the next input in"]
pub struct Permit {
    /// The gate the weight is returned to.
    gate: Arc<Gate>,
    /// The weight held.
    weight: u64,
}

impl Drop for Permit {
    fn drop(&mut self) {
        let mut state = self.gate.lock();
        state.used = state.used.saturating_sub(self.weight);
        drop(state);
        self.gate.changed.notify_all();
    }
}

/// A piece of work that panicked — a bug — with the panic message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("internal error ({0}); please report it with the file")]
pub struct WorkPanicked(pub String);

/// What the threads share: which input comes next and what is in flight.
#[derive(Debug, Default)]
struct Gate {
    state: Mutex<GateState>,
    changed: Condvar,
}

#[derive(Debug, Default)]
struct GateState {
    /// The next input to take.
    next: usize,
    /// How many results were delivered (in order).
    delivered: usize,
    /// The weight in flight.
    used: u64,
    /// Set when the caller stops the batch.
    stopped: bool,
}

impl Gate {
    /// Locks the state; a panic while it was held cannot leave it inconsistent.
    fn lock(&self) -> MutexGuard<'_, GateState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Takes the next input with its permit once the window and the budget allow it; `None`
    /// when there is none left or the batch was stopped.
    fn take(self: &Arc<Self>, weights: &[u64], opts: &BatchOptions) -> Option<(usize, Permit)> {
        let budget = opts.memory_budget.max(1);
        let mut state = self.lock();
        loop {
            if state.stopped {
                return None;
            }
            let index = state.next;
            let weight = (*weights.get(index)?).min(budget);
            let in_window = index < state.delivered.saturating_add(opts.window.max(1));
            let fits = state.used == 0 || state.used.saturating_add(weight) <= budget;
            if in_window && fits {
                state.next += 1;
                state.used += weight;
                return Some((index, Permit { gate: Arc::clone(self), weight }));
            }
            state = self.changed.wait(state).unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// Records that `delivered` results were delivered, or that the batch stops.
    fn update(&self, delivered: usize, stop: bool) {
        let mut state = self.lock();
        state.delivered = delivered;
        state.stopped |= stop;
        drop(state);
        self.changed.notify_all();
    }

    /// Stops the batch: workers take no more inputs.
    fn stop(&self) {
        self.lock().stopped = true;
        self.changed.notify_all();
    }
}

/// Stops the batch when dropped, so that workers waiting for their turn do not wait forever
/// for a caller that panicked.
struct StopOnDrop<'a>(&'a Gate);

impl Drop for StopOnDrop<'_> {
    fn drop(&mut self) {
        self.0.stop();
    }
}

/// Runs `work(index, permit)` for every index of `weights` on `pool` and hands each result to
/// `deliver(index, result)` on the calling thread, in index order. `deliver` may return
/// [`ControlFlow::Break`] to stop the batch (e.g. a closed pipe): inputs not yet taken are
/// not worked on, and results not yet delivered are dropped.
///
/// A `work` that panics gives [`WorkPanicked`] for its input and the batch goes on.
pub fn run_ordered<T, W, D>(
    pool: &rayon::ThreadPool,
    weights: &[u64],
    opts: &BatchOptions,
    work: W,
    mut deliver: D,
) where
    T: Send,
    W: Fn(usize, Permit) -> T + Sync,
    D: FnMut(usize, Result<T, WorkPanicked>) -> ControlFlow<()>,
{
    let gate = Arc::new(Gate::default());
    let (sender, receiver) = mpsc::channel::<(usize, Result<T, WorkPanicked>)>();
    std::thread::scope(|scope| {
        let (gate, work) = (&gate, &work);
        scope.spawn(move || {
            pool.broadcast(|_| {
                while let Some((index, permit)) = gate.take(weights, opts) {
                    let result = caught(|| work(index, permit));
                    if sender.send((index, result)).is_err() {
                        break;
                    }
                }
            });
            // The sender is dropped here, which ends the caller's loop below.
        });
        let _stop = StopOnDrop(gate);
        deliver_in_order(gate, &receiver, &mut deliver);
    });
}

/// The caller's side of [`run_ordered`]: the reorder buffer.
fn deliver_in_order<T, D>(
    gate: &Gate,
    receiver: &mpsc::Receiver<(usize, Result<T, WorkPanicked>)>,
    deliver: &mut D,
) where
    D: FnMut(usize, Result<T, WorkPanicked>) -> ControlFlow<()>,
{
    let mut early = BTreeMap::new();
    let mut next = 0;
    let mut stopped = false;
    for (index, result) in receiver {
        if stopped {
            continue; // Drain, so that every worker can finish its input and stop.
        }
        early.insert(index, result);
        while let Some(result) = early.remove(&next) {
            stopped = deliver(next, result).is_break();
            next += 1;
            if stopped {
                early.clear();
                break;
            }
        }
        gate.update(next, stopped);
    }
}

/// Runs `work`, turning a panic into [`WorkPanicked`].
fn caught<T>(work: impl FnOnce() -> T) -> Result<T, WorkPanicked> {
    crate::convert::catch_panic(work).map_err(WorkPanicked)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
    use std::time::Duration;

    /// Runs a batch and returns the delivered indices and results.
    fn collect(
        jobs: usize,
        weights: &[u64],
        opts: &BatchOptions,
        work: impl Fn(usize, Permit) -> usize + Sync,
    ) -> Vec<(usize, Result<usize, WorkPanicked>)> {
        let pool = thread_pool(jobs).unwrap();
        let mut out = Vec::new();
        run_ordered(&pool, weights, opts, work, |index, result| {
            out.push((index, result));
            ControlFlow::Continue(())
        });
        out
    }

    // Order

    #[test]
    fn results_arrive_in_input_order_whatever_the_timing() {
        let weights = vec![1; 40];
        let out = collect(4, &weights, &BatchOptions::default(), |index, _| {
            // Early inputs are the slowest, so later ones finish first.
            std::thread::sleep(Duration::from_micros(((40 - index) * 200) as u64));
            index * 10
        });
        let indices: Vec<usize> = out.iter().map(|(index, _)| *index).collect();
        assert_eq!(indices, (0..40).collect::<Vec<_>>());
        assert!(out.iter().all(|(index, result)| result.as_ref() == Ok(&(index * 10))));
    }

    #[test]
    fn no_input_runs_further_ahead_than_the_window() {
        let opts = BatchOptions { window: 3, ..BatchOptions::default() };
        let delivered = AtomicUsize::new(0);
        let pool = thread_pool(4).unwrap();
        let weights = vec![1; 30];
        run_ordered(
            &pool,
            &weights,
            &opts,
            |index, _| {
                assert!(index < delivered.load(Ordering::SeqCst) + 3, "{index}");
                std::thread::sleep(Duration::from_micros(300));
            },
            |index, _| {
                delivered.store(index + 1, Ordering::SeqCst);
                ControlFlow::Continue(())
            },
        );
        assert_eq!(delivered.load(Ordering::SeqCst), 30);
    }

    #[test]
    fn breaking_stops_taking_inputs() {
        let pool = thread_pool(2).unwrap();
        let weights = vec![1; 1000];
        let worked = AtomicUsize::new(0);
        let mut seen = 0;
        run_ordered(
            &pool,
            &weights,
            &BatchOptions { window: 4, ..BatchOptions::default() },
            |_, _| worked.fetch_add(1, Ordering::SeqCst),
            |_, _| {
                seen += 1;
                if seen == 5 { ControlFlow::Break(()) } else { ControlFlow::Continue(()) }
            },
        );
        assert_eq!(seen, 5);
        assert!(worked.load(Ordering::SeqCst) < 20);
    }

    #[test]
    fn a_panic_is_that_inputs_error_and_the_batch_goes_on() {
        let out = collect(2, &[1, 1, 1], &BatchOptions::default(), |index, _| {
            assert!(index != 1, "boom");
            index
        });
        assert_eq!(out.len(), 3);
        assert!(matches!(&out[1].1, Err(WorkPanicked(message)) if message.contains("boom")));
        assert_eq!(out[2].1, Ok(2));
    }

    #[test]
    fn an_empty_batch_delivers_nothing() {
        assert!(collect(3, &[], &BatchOptions::default(), |index, _| index).is_empty());
    }

    // Memory

    /// Runs a batch whose work records the most weight in flight at once.
    fn peak_weight(jobs: usize, weights: &[u64], budget: u64) -> u64 {
        let (now, peak) = (AtomicU64::new(0), AtomicU64::new(0));
        let opts = BatchOptions { memory_budget: budget, ..BatchOptions::default() };
        collect(jobs, weights, &opts, |index, permit| {
            let weight = weights[index].min(budget);
            let in_flight = now.fetch_add(weight, Ordering::SeqCst) + weight;
            peak.fetch_max(in_flight, Ordering::SeqCst);
            std::thread::sleep(Duration::from_millis(2));
            now.fetch_sub(weight, Ordering::SeqCst);
            drop(permit);
            index
        });
        peak.load(Ordering::SeqCst)
    }

    #[test]
    fn inputs_over_the_budget_run_alone() {
        assert_eq!(peak_weight(4, &[500, 500, 500, 500, 500, 500], 100), 100);
    }

    #[test]
    fn small_inputs_share_the_budget() {
        assert!(peak_weight(4, &[60, 60, 60, 60, 60, 60], 100) <= 100);
        assert!(peak_weight(4, &[10; 40], 100) > 10);
    }

    #[test]
    fn permits_carried_in_results_are_returned_when_delivered() {
        let pool = thread_pool(4).unwrap();
        let opts = BatchOptions { memory_budget: 100, window: 8 };
        let mut held = Vec::new();
        let weights = vec![100; 6];
        run_ordered(
            &pool,
            &weights,
            &opts,
            |index, permit| (index, permit),
            |index, result| {
                // Only one input of full weight is ever in flight, so results arrive one by one.
                let (worked, permit) = result.unwrap();
                assert_eq!(worked, index);
                held.push(index);
                drop(permit);
                ControlFlow::Continue(())
            },
        );
        assert_eq!(held, [0, 1, 2, 3, 4, 5]);
    }

    // Threads

    #[test]
    fn one_thread_works_on_one_input_at_a_time() {
        let (now, peak) = (AtomicUsize::new(0), AtomicUsize::new(0));
        let out = collect(1, &[1; 20], &BatchOptions::default(), |index, _| {
            peak.fetch_max(now.fetch_add(1, Ordering::SeqCst) + 1, Ordering::SeqCst);
            std::thread::sleep(Duration::from_micros(200));
            now.fetch_sub(1, Ordering::SeqCst);
            index
        });
        assert_eq!(out.len(), 20);
        assert_eq!(peak.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn jobs_0_means_every_core() {
        assert!(thread_count(0) >= 1);
        assert_eq!(thread_count(3), 3);
        assert_eq!(thread_pool(1).unwrap().current_num_threads(), 1);
    }
}
