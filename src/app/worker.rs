//! Work off the UI thread: reading files and running analyses. The UI sends
//! [`Job`]s and polls [`Reply`]s each frame; an analysis comes back as an
//! immutable `Arc<Analysis>` with the user's corrections already applied.
//!
//! [`Worker::inline`] does the same work synchronously at poll time, for
//! tests and benches (determinism injected, not read from the world).

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};

use chrono::NaiveDate;

use crate::analysis::{Analysis, DateHint};
use crate::gazetteer::Gazetteer;
use crate::text::{DateSource, Input, load_path};
use crate::view::corrections::{Correction, apply};
use crate::view::timeline::LaneBy;

use super::Models;

/// Something to do.
#[derive(Debug)]
pub enum Job {
    Analyse {
        dispatch: u64,
        generation: u64,
        name: String,
        text: String,
        hint: DateHint,
        meta_date: Option<(NaiveDate, DateSource)>,
        corrections: Vec<Correction>,
        /// How the timeline model built with the analysis groups its lanes.
        lanes: LaneBy,
    },
    Load {
        path: PathBuf,
    },
}

/// Something done.
#[derive(Debug)]
pub enum Reply {
    Analysed {
        dispatch: u64,
        generation: u64,
        analysis: Arc<Analysis>,
        /// Its view models, built here too so a long text never stalls the UI.
        models: Arc<Models>,
    },
    Loaded {
        path: PathBuf,
        result: Result<Input, crate::text::TextError>,
    },
}

fn work(job: Job, gaz: &Gazetteer) -> Reply {
    match job {
        Job::Analyse {
            dispatch,
            generation,
            name,
            text,
            hint,
            meta_date,
            corrections,
            lanes,
        } => {
            let mut a = Analysis::run(name, text, hint, meta_date, gaz);
            apply(&mut a, &corrections, gaz);
            let models = Arc::new(Models::build(&a, gaz, lanes));
            // The places, times and events are read from the parse; the app shows nothing
            // of the parse itself, which is most of an analysis' memory (a re-analysis
            // makes it anew).
            a.lang = Default::default();
            Reply::Analysed {
                dispatch,
                generation,
                analysis: Arc::new(a),
                models,
            }
        }
        Job::Load { path } => {
            let result = load_path(&path);
            Reply::Loaded { path, result }
        }
    }
}

/// Runs jobs on a background thread, or inline.
pub struct Worker {
    kind: Kind,
    /// Jobs sent and not yet answered.
    pending: usize,
}

enum Kind {
    Thread {
        jobs: Sender<Job>,
        replies: Receiver<Reply>,
    },
    Inline {
        gaz: Gazetteer,
        queue: Vec<Job>,
    },
}

impl Worker {
    /// A worker thread; `wake` is called after each reply (to request a repaint).
    #[must_use]
    pub fn thread(gaz: Gazetteer, wake: impl Fn() + Send + 'static) -> Self {
        let (jobs, job_rx) = channel::<Job>();
        let (reply_tx, replies) = channel();
        let thread_gaz = gaz.clone();
        let spawned = std::thread::Builder::new()
            .name("sitrep-analysis".into())
            .spawn(move || {
                while let Ok(job) = job_rx.recv() {
                    if reply_tx.send(work(job, &thread_gaz)).is_err() {
                        break;
                    }
                    wake();
                }
            });
        match spawned {
            Ok(_) => Self {
                kind: Kind::Thread { jobs, replies },
                pending: 0,
            },
            // No thread: fall back to inline work rather than fail.
            Err(_) => Self::inline(gaz),
        }
    }

    /// Work done synchronously in [`Worker::poll`].
    #[must_use]
    pub fn inline(gaz: Gazetteer) -> Self {
        Self {
            kind: Kind::Inline {
                gaz,
                queue: Vec::new(),
            },
            pending: 0,
        }
    }

    pub fn send(&mut self, job: Job) {
        self.pending += 1;
        match &mut self.kind {
            Kind::Thread { jobs, .. } => {
                if jobs.send(job).is_err() {
                    self.pending -= 1;
                }
            }
            Kind::Inline { queue, .. } => queue.push(job),
        }
    }

    /// Replies ready now, in the order the jobs were sent.
    pub fn poll(&mut self) -> Vec<Reply> {
        let out: Vec<Reply> = match &mut self.kind {
            Kind::Thread { replies, .. } => replies.try_iter().collect(),
            Kind::Inline { gaz, queue } => queue.drain(..).map(|j| work(j, gaz)).collect(),
        };
        self.pending = self.pending.saturating_sub(out.len());
        out
    }

    /// Whether jobs are in flight.
    #[must_use]
    pub fn busy(&self) -> bool {
        self.pending > 0
    }
}
