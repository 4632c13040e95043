//! Server-only parts shared by every feature: the server-side context the
//! router hands to handlers and pages ([`ServerContext`]), reaching the request
//! from a server function ([`context`]), reading a posted form ([`forms`]),
//! rendering a page from a handler ([`render`]), and the shape of a feature's
//! route table ([`Routes`]).

mod context;
pub mod forms;
mod origin;
pub mod render;
mod routes;
mod server_context;

pub use context::{Deadline, db, deadline, pool, require, visitor, with_status};
pub use origin::PublicOrigin;
pub use routes::Routes;
pub use server_context::ServerContext;
