//! The comparison matrix at `/compare?tech=a&tech=b`: 2–4 technologies side by
//! side, shareable by URL and printable for a board.

mod copy;
mod matrix;
mod page;
mod server_fns;

pub use page::ComparePage;
pub use server_fns::compare_technologies;
