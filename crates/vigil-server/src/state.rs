//! What the server holds between requests: the settings, the page cache, a pool of store
//! connections, and each request's budget of time in the store.

use std::time::Duration;

use vigil_app::{Access, AppError, Settings};
use vigil_store::{Backend, Budget, StoreError};

use crate::page::PageCache;

pub struct App {
    pub settings: Settings,
    pub pages: PageCache,
    /// Connections kept between requests: a fresh one starts with an empty page cache.
    pool: std::sync::Mutex<Vec<Box<dyn Backend>>>,
    /// The time one request may spend in the store.
    deadline: Duration,
}

/// What one client may hold of the server.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Time in the store per request ([`Budget`]).
    pub deadline: Duration,
    /// Time to send a request's headers.
    pub header_timeout: Duration,
    /// Connections served at once.
    pub connections: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            deadline: Duration::from_secs(10),
            header_timeout: Duration::from_secs(10),
            connections: 256,
        }
    }
}

/// Connections kept at most; more are opened under load and closed after their request.
const POOLED: usize = 16;

impl App {
    pub fn new(settings: Settings, deadline: Duration) -> App {
        App { settings, pages: PageCache::default(), pool: Default::default(), deadline }
    }

    /// A budget for one request, and a guard that cancels it when dropped: the handler's
    /// future is dropped when its client goes away, and the store work stops with it.
    pub fn budget(&self) -> (Budget, Abandon) {
        let budget = Budget::new(self.deadline);
        (budget.clone(), Abandon(budget))
    }

    /// A connection to the store for one request, bounded by `budget`, back to the pool when
    /// dropped.
    pub fn store(&self, budget: &Budget) -> Result<Pooled<'_>, AppError> {
        let kept = self.pool.lock().ok().and_then(|mut p| p.pop());
        let store = match kept {
            Some(store) => store,
            None => self.settings.open(Access::Serving)?,
        };
        store.set_budget(Some(budget.clone()))?;
        let store = Pooled { app: self, store: Some(store) };
        // A request that waited its whole budget for a thread is not started.
        if budget.spent() {
            return Err(StoreError::Interrupted.into());
        }
        Ok(store)
    }
}

/// Cancels a request's [`Budget`] when dropped.
pub struct Abandon(Budget);

impl Drop for Abandon {
    fn drop(&mut self) {
        self.0.cancel();
    }
}

pub struct Pooled<'a> {
    app: &'a App,
    store: Option<Box<dyn Backend>>,
}

impl std::ops::Deref for Pooled<'_> {
    type Target = dyn Backend;
    fn deref(&self) -> &(dyn Backend + 'static) {
        self.store.as_deref().expect("present until dropped")
    }
}

impl std::ops::DerefMut for Pooled<'_> {
    fn deref_mut(&mut self) -> &mut (dyn Backend + 'static) {
        self.store.as_deref_mut().expect("present until dropped")
    }
}

impl Drop for Pooled<'_> {
    fn drop(&mut self) {
        if let (Some(store), Ok(mut pool)) = (self.store.take(), self.app.pool.lock())
            && pool.len() < POOLED
        {
            pool.push(store);
        }
    }
}
