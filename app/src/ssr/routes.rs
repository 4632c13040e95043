//! The shape of a feature's axum route table. Pages are Leptos routes (in
//! [`crate::app::App`]); what a feature serves beside them it lists here, each
//! route under the kind of handling the server gives it.

use super::ServerContext;
use axum::{Router, routing::MethodRouter};

/// A feature's routes beside its pages, by kind.
#[derive(Default, Debug)]
#[must_use]
pub struct Routes {
    /// Forms a visitor sends: they know who is visiting (the session layer)
    /// and must answer by the request's database deadline.
    pub forms: Router<ServerContext>,
    /// Staff actions: they know who is visiting; their work (rebuilding the
    /// search views) may take up to the whole-request timeout.
    pub staff: Router<ServerContext>,
    /// Open routes (the public API, exports and files): nobody is signed in
    /// there, so they skip the session layer.
    pub open: Router<ServerContext>,
}

impl Routes {
    /// No routes.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a form route.
    pub fn form(mut self, path: &str, route: MethodRouter<ServerContext>) -> Self {
        self.forms = self.forms.route(path, route);
        self
    }

    /// Adds a staff action.
    pub fn staff(mut self, path: &str, route: MethodRouter<ServerContext>) -> Self {
        self.staff = self.staff.route(path, route);
        self
    }

    /// Adds an open route.
    pub fn open(mut self, path: &str, route: MethodRouter<ServerContext>) -> Self {
        self.open = self.open.route(path, route);
        self
    }

    /// Both tables in one (a path in both panics, as axum does).
    pub fn merge(self, other: Self) -> Self {
        Self {
            forms: self.forms.merge(other.forms),
            staff: self.staff.merge(other.staff),
            open: self.open.merge(other.open),
        }
    }
}
