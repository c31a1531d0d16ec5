//! Every route of API v1 with what guards it, declared once by its resource: the router is built from these
//! declarations (body limit, per-address limit, admin token), and the OpenAPI document's 413, 415, 422 and 429
//! answers are derived from them (`openapi`), with a test that the two agree.

use axum::{
    Router,
    extract::DefaultBodyLimit,
    handler::Handler,
    http::Method,
    middleware,
    routing::{MethodFilter, MethodRouter, on},
};

use inspraak_api::AccountRole;

use crate::{
    AppState, admin_auth,
    rate_limit::{Limit, PerAddress},
};

/// The largest JSON body the API reads; a larger one is refused (413) before it is read.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// What a route reads as its body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Body {
    None,
    /// JSON of at most [`MAX_BODY_BYTES`]: another type is a 415, a larger body a 413, an invalid one a 422.
    Json,
    /// A file of one of these types as the raw body, judged and limited by the handler (a form's attachment size).
    File(&'static [&'static str]),
}

/// What guards a route besides the admin token of its set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Guard {
    pub body: Body,
    /// Shares its resource's limit of this kind per client address (429 past it), with a backstop of its own for
    /// all addresses (503 past it).
    pub per_address: Option<Limit>,
}

impl Guard {
    /// Reads no body and is not limited.
    pub const NONE: Guard = Guard { body: Body::None, per_address: None };
    pub const JSON: Guard = Guard { body: Body::Json, per_address: None };

    pub const fn file(types: &'static [&'static str]) -> Guard {
        Guard { body: Body::File(types), per_address: None }
    }

    /// Counted against `--votes-per-minute`.
    pub const fn per_address(self) -> Guard {
        Guard { per_address: Some(Limit::Writes), ..self }
    }

    /// Counted against `--uploads-per-hour`.
    pub const fn uploads(self) -> Guard {
        Guard { per_address: Some(Limit::Uploads), ..self }
    }

    /// The content types the route reads, as its request body in the OpenAPI document lists them.
    pub fn content_types(&self) -> &'static [&'static str] {
        match self.body {
            Body::None => &[],
            Body::Json => &["application/json"],
            Body::File(types) => types,
        }
    }
}

/// `Routes::get(path, handler, guard)` and the like, one per method the API uses.
macro_rules! methods {
    ($($name:ident => $method:ident),+ $(,)?) => {
        $(
            pub fn $name<H, T>(self, path: &'static str, handler: H, guard: Guard) -> Routes
            where
                H: Handler<T, AppState>,
                T: 'static,
            {
                self.on(Method::$method, path, handler, guard)
            }
        )+
    };
}

/// One declared route, as the OpenAPI document should describe it.
#[derive(Debug, Clone)]
pub struct Declared {
    pub method: Method,
    /// The full path, as in the document: `/v1/admin/polls/{id}`.
    pub path: String,
    pub guard: Guard,
    /// Behind the admin token.
    pub admin: bool,
    /// The account roles that may use it (admin routes only).
    pub roles: &'static [AccountRole],
}

struct Route {
    method: Method,
    path: &'static str,
    guard: Guard,
    endpoint: MethodRouter<AppState>,
}

/// A resource's routes under `/v1` (or `/v1/admin`, behind the admin token). The routes limited per address share
/// one bucket per client address: a resource's writes are counted together, another resource's apart.
pub struct Routes {
    admin: bool,
    roles: &'static [AccountRole],
    routes: Vec<Route>,
    around: Option<fn(Router<AppState>) -> Router<AppState>>,
}

impl Routes {
    /// Routes under `/v1`.
    pub fn public() -> Routes {
        Routes { admin: false, roles: &[], routes: Vec::new(), around: None }
    }

    /// Routes under `/v1/admin`, behind the admin token, for a beheerder only.
    pub fn admin() -> Routes {
        Routes::admin_for(AccountRole::ADMINS)
    }

    /// Routes under `/v1/admin` that accounts with one of `roles` may use (the server's token is a beheerder).
    pub fn admin_for(roles: &'static [AccountRole]) -> Routes {
        Routes { admin: true, roles, ..Routes::public() }
    }

    methods! {
        get => GET,
        post => POST,
        put => PUT,
        delete => DELETE,
    }

    fn on<H, T>(mut self, method: Method, path: &'static str, handler: H, guard: Guard) -> Routes
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        let filter = MethodFilter::try_from(method.clone()).expect("routes use GET, POST, PUT and DELETE");
        self.routes.push(Route { method, path, guard, endpoint: on(filter, handler) });
        self
    }

    /// Wraps every route of this set in `layer` (a header all its answers carry, say).
    pub fn around(self, layer: fn(Router<AppState>) -> Router<AppState>) -> Routes {
        Routes { around: Some(layer), ..self }
    }

    fn prefix(&self) -> &'static str {
        if self.admin { "/admin" } else { "" }
    }

    /// The routes as declared.
    pub fn declared(&self) -> impl Iterator<Item = Declared> + '_ {
        self.routes.iter().map(|route| Declared {
            method: route.method.clone(),
            path: format!("/v1{}{}", self.prefix(), route.path),
            guard: route.guard,
            admin: self.admin,
            roles: self.roles,
        })
    }

    /// The router of these routes under `/v1`, each with its guards.
    pub fn into_router(self, state: &AppState) -> Router<AppState> {
        let prefix = self.prefix();
        let mut limits: Vec<(Limit, PerAddress)> = Vec::new();
        let mut router = Router::new();
        for Route { path, guard, endpoint, .. } in self.routes {
            let mut endpoint = match guard.body {
                Body::Json => endpoint.layer(DefaultBodyLimit::max(MAX_BODY_BYTES)),
                Body::None | Body::File(_) => endpoint,
            };
            if let Some(limit) = guard.per_address {
                let shared = match limits.iter().find(|(kind, _)| *kind == limit) {
                    Some((_, shared)) => shared.clone(),
                    None => {
                        let shared = PerAddress::new(&state.config, limit);
                        limits.push((limit, shared.clone()));
                        shared
                    }
                };
                endpoint = shared.guard(endpoint);
            }
            router = router.route(&format!("{prefix}{path}"), endpoint);
        }
        if let Some(around) = self.around {
            router = around(router);
        }
        if self.admin {
            router = router.route_layer(middleware::from_fn_with_state((state.clone(), self.roles), admin_auth::guard));
        }
        router
    }
}
