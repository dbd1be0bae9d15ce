//! The page's one animation loop: a `requestAnimationFrame` callback that is
//! owned by an [`AnimationLoop`], re-schedules itself while running, and is
//! cancelled when stopped or dropped.
//!
//! Each frame hands the caller the real time since the previous frame, in
//! seconds. The caller turns that into model time (speed × frame time) and the
//! model's integrator picks its own steps, so the frame rate never decides the
//! accuracy of the simulation. The frame time is capped at
//! [`MAX_FRAME_S`], so a stalled tab does not make one giant jump.
//!
//! The loop also serves inputs: [`AnimationLoop::request`] asks for one frame
//! even while the loop is stopped, so a click on a paused page is handled and
//! drawn in the next frame, like everything else. Such a frame reports no
//! elapsed time (`None`): only a running loop moves model time.
//!
//! While `document.hidden` is true (another tab, a minimised window) no frame
//! is requested at all; when the page becomes visible again the loop resumes
//! (and a requested frame comes) without counting the hidden time.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use gloo_render::{request_animation_frame, AnimationFrame};
use wasm_bindgen::JsValue;
use web_sys::{Document, Window};

use crate::platform::dom::Listener;

/// The longest real time one frame may report, s.
pub const MAX_FRAME_S: f64 = 0.1;

type FrameFn = Box<dyn FnMut(Option<f64>)>;

struct Shared {
    document: Document,
    /// The pending request, if any (dropping it cancels it); its callback
    /// holds only a weak reference back.
    pending: RefCell<Option<AnimationFrame>>,
    /// Ourselves, for the callbacks.
    me: Weak<Shared>,
    /// Whether the owner wants frames.
    running: Cell<bool>,
    /// Whether one frame was asked for (an input to handle).
    wanted: Cell<bool>,
    /// Time stamp of the previous frame, ms (`None` right after a (re)start).
    last_ms: Cell<Option<f64>>,
    on_frame: RefCell<Option<FrameFn>>,
    visibility: RefCell<Option<Listener>>,
}

impl Shared {
    fn schedule(&self) {
        let asked = self.running.get() || self.wanted.get();
        if self.pending.borrow().is_some() || !asked || self.document.hidden() {
            return;
        }
        let me = self.me.clone();
        let request = request_animation_frame(move |now_ms| {
            if let Some(s) = me.upgrade() {
                s.frame(now_ms);
            }
        });
        *self.pending.borrow_mut() = Some(request);
    }

    fn cancel(&self) {
        // Dropping the request cancels it.
        self.pending.borrow_mut().take();
        self.last_ms.set(None);
    }

    fn frame(&self, now_ms: f64) {
        self.pending.borrow_mut().take();
        if self.document.hidden() {
            self.last_ms.set(None);
            return;
        }
        self.wanted.set(false);
        let dt = if self.running.get() {
            Some(match self.last_ms.replace(Some(now_ms)) {
                Some(prev) => rpl_model::units::clamp((now_ms - prev) / 1000.0, 0.0, MAX_FRAME_S),
                None => 0.0,
            })
        } else {
            self.last_ms.set(None);
            None
        };
        if let Ok(mut slot) = self.on_frame.try_borrow_mut() {
            if let Some(f) = slot.as_mut() {
                crate::platform::perf::timed_frame(|| f(dt));
            }
        }
        self.schedule();
    }
}

/// One owned, cancellable `requestAnimationFrame` loop.
pub struct AnimationLoop {
    shared: Rc<Shared>,
}

impl AnimationLoop {
    /// A stopped loop for `window`. It watches `visibilitychange` so it can pause
    /// while the page is hidden.
    pub fn new(window: &Window) -> Result<AnimationLoop, JsValue> {
        let document = window
            .document()
            .ok_or_else(|| JsValue::from_str("the window has no document"))?;
        let shared = Rc::new_cyclic(|me| Shared {
            document: document.clone(),
            pending: RefCell::new(None),
            me: me.clone(),
            running: Cell::new(false),
            wanted: Cell::new(false),
            last_ms: Cell::new(None),
            on_frame: RefCell::new(None),
            visibility: RefCell::new(None),
        });
        let weak = Rc::downgrade(&shared);
        let listener = Listener::new(&document, "visibilitychange", move |_| {
            if let Some(s) = weak.upgrade() {
                if s.document.hidden() {
                    s.cancel();
                } else {
                    s.schedule();
                }
            }
        });
        *shared.visibility.borrow_mut() = Some(listener);
        Ok(AnimationLoop { shared })
    }

    /// Set what runs on every frame; it receives the real time since the
    /// previous frame in seconds while the loop runs (0 on the first frame
    /// after a start), and `None` for a frame asked for by [`request`](Self::request)
    /// while it is stopped.
    pub fn set_on_frame(&self, f: impl FnMut(Option<f64>) + 'static) {
        *self.shared.on_frame.borrow_mut() = Some(Box::new(f));
    }

    /// Ask for one frame (soon, even if the loop is stopped).
    pub fn request(&self) {
        self.shared.wanted.set(true);
        self.shared.schedule();
    }

    /// Start or stop requesting frames.
    pub fn set_running(&self, running: bool) {
        self.shared.running.set(running);
        if running {
            self.shared.schedule();
        } else if self.shared.wanted.get() {
            // A requested frame still comes; it will report no elapsed time.
            self.shared.last_ms.set(None);
        } else {
            self.shared.cancel();
        }
    }

    /// Whether the loop is meant to run (it still skips frames while the page is hidden).
    pub fn is_running(&self) -> bool {
        self.shared.running.get()
    }
}

impl Drop for AnimationLoop {
    fn drop(&mut self) {
        self.shared.running.set(false);
        self.shared.cancel();
        self.shared.visibility.borrow_mut().take();
        if let Ok(mut f) = self.shared.on_frame.try_borrow_mut() {
            f.take();
        }
    }
}
