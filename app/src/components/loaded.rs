//! Loaded data: how every page shows a resource that comes from a server
//! function. While it loads, a line of text; if it fails, the error's own page
//! text (and status, during server rendering); once loaded, the children.

use super::ErrorView;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Serialize, de::DeserializeOwned};

/// Shows `data` once loaded, through `children` (`let:` names the value):
///
/// ```ignore
/// <Loaded data=icb let:i><Icb i /></Loaded>
/// ```
#[component]
pub fn Loaded<T, V, C>(
    /// The server function's answer.
    data: Resource<Result<T, AppError>>,
    /// What it says while loading.
    #[prop(default = "Loading…")]
    loading: &'static str,
    /// The loaded value's view.
    children: C,
) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    V: IntoView + 'static,
    C: Fn(T) -> V + Clone + Send + Sync + 'static,
{
    let fallback = move || view! { <p>{loading}</p> };
    let content = move || {
        let children = children.clone();
        Suspend::new(async move { data.await.map(children) })
    };
    view! {
        <Suspense fallback>
            <ErrorBoundary fallback=|errors| view! { <ErrorView errors /> }>{content}</ErrorBoundary>
        </Suspense>
    }
}
