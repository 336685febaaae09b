//! Which names the server answers to (against DNS rebinding), and the protective headers on
//! every response.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;

/// The names a `Host` header may give: IP addresses, `localhost` and its subdomains, and the
/// names the analyst allowed. A web page whose own name was made to resolve to this machine
/// (DNS rebinding) sends that name, and is refused: without the check it could read the whole
/// store from the analyst's browser.
#[derive(Debug, Clone, Default)]
pub struct Hosts {
    allowed: Vec<String>,
}

impl Hosts {
    pub fn allowing(names: &[String]) -> Hosts {
        Hosts { allowed: names.iter().map(|n| n.trim_end_matches('.').to_ascii_lowercase()).collect() }
    }

    /// Whether a `Host` header value names this server.
    pub fn allows(&self, host: &str) -> bool {
        let host = host.trim().to_ascii_lowercase();
        // The port, after the last colon of a name or after the brackets of an IPv6 address.
        let name = match host.strip_prefix('[') {
            Some(rest) => match rest.split_once(']') {
                Some((address, port))
                    if port.is_empty() || port.strip_prefix(':').is_some_and(all_digits) =>
                {
                    return address.parse::<std::net::Ipv6Addr>().is_ok();
                }
                _ => return false,
            },
            None => match host.rsplit_once(':') {
                Some((name, port)) if all_digits(port) => name,
                Some(_) => return false,
                None => host.as_str(),
            },
        };
        let name = name.trim_end_matches('.');
        name.parse::<std::net::Ipv4Addr>().is_ok()
            || name == "localhost"
            || name.ends_with(".localhost")
            || self.allowed.iter().any(|a| a == name)
    }
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Refuses, with 421, a request whose `Host` names no address of this server.
pub(crate) async fn check_host(
    State(hosts): State<Arc<Hosts>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let host = request.headers().get(header::HOST).map(|h| h.to_str().unwrap_or("\u{fffd}"));
    match host {
        Some(host) if !hosts.allows(host) => ApiError::new(
            "unknown_host",
            format!(
                "this server does not answer to the name {:?}; start it with --allow-host NAME to allow a name",
                host.chars().filter(|c| !c.is_control()).take(100).collect::<String>()
            ),
        )
        .into_response(),
        _ => next.run(request).await,
    }
}

/// Headers on every response: no scripts, frames, objects or requests to anywhere else.
pub(crate) async fn protect(mut response: Response) -> Response {
    let h = response.headers_mut();
    let set = |h: &mut axum::http::HeaderMap, name: header::HeaderName, value: &'static str| {
        h.insert(name, HeaderValue::from_static(value));
    };
    set(
        h,
        header::CONTENT_SECURITY_POLICY,
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    );
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(h, header::X_FRAME_OPTIONS, "DENY");
    set(h, header::REFERRER_POLICY, "no-referrer");
    if !h.contains_key(header::CACHE_CONTROL) {
        set(h, header::CACHE_CONTROL, "no-store");
    }
    set(h, header::HeaderName::from_static("cross-origin-opener-policy"), "same-origin");
    set(h, header::HeaderName::from_static("cross-origin-resource-policy"), "same-origin");
    response
}

#[cfg(test)]
mod tests {
    use super::Hosts;

    #[test]
    fn hosts_are_addresses_localhost_and_the_names_allowed() {
        let hosts = Hosts::allowing(&["Vigil.Example.org.".to_string()]);
        for ok in [
            "127.0.0.1:8080",
            "10.1.2.3",
            "[::1]:8080",
            "[::1]",
            "localhost",
            "app.localhost:80",
            "vigil.example.org",
            "VIGIL.example.org:443",
        ] {
            assert!(hosts.allows(ok), "{ok}");
        }
        for refused in [
            "evil.example",
            "localhost.evil.example",
            "127.0.0.1.nip.io",
            "[::1",
            "[::1]x",
            "localhost:x",
            "",
            "vigil.example",
        ] {
            assert!(!hosts.allows(refused), "{refused}");
        }
    }
}
