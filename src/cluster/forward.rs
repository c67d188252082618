//! Direct replica-to-replica requests. A request for an event owned elsewhere is passed to the
//! owner whole and its answer relayed, so clients never notice; a socket's answers go to the
//! owner's `/internal/` endpoint. Both carry the replicas' internal token, which HAProxy never
//! lets in from outside.

use super::{Cluster, Owner};
use crate::domain::answer::AnswerCells;
use crate::domain::command::Caller;
use crate::http::error::ApiError;
use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderName, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use std::net::IpAddr;

/// Carries the internal token on requests between replicas.
pub const INTERNAL_HEADER: &str = "x-prost-internal";

/// Largest body relayed either way (the API's own limit).
const MAX_RELAYED: usize = crate::http::router::MAX_BODY;

/// A socket's partial answers, sent to the owner of the event.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ForwardedAnswers {
    /// Who sends them (already authenticated by the receiving replica).
    pub caller: Caller,
    /// Whose answers.
    pub participant_id: String,
    /// The changed cells.
    pub cells: AnswerCells,
}

/// The owner's reply to forwarded answers.
#[derive(Debug, Serialize, Deserialize)]
pub struct ForwardedAck {
    /// The event's version after them.
    pub version: u64,
}

/// Headers that describe one connection, not the message (RFC 9110 §7.6.1).
fn hop_by_hop(name: &HeaderName) -> bool {
    matches!(
        name.as_str(),
        "connection"
            | "keep-alive"
            | "proxy-connection"
            | "transfer-encoding"
            | "te"
            | "trailer"
            | "upgrade"
            | "host"
            | "content-length"
    )
}

fn copy_headers(from: &HeaderMap, to: &mut HeaderMap) {
    for (name, value) in from {
        if !hop_by_hop(name) {
            to.append(name.clone(), value.clone());
        }
    }
}

fn owner_unreachable(owner: &Owner, error: impl std::fmt::Display) -> ApiError {
    tracing::warn!(owner = %owner.replica, %error, "forwarding to the event's owner failed");
    ApiError::unavailable("the replica that holds this event did not answer; try again in a moment")
}

impl Cluster {
    /// Passes `request` to the event's owner and returns its response.
    pub async fn proxy(&self, owner: &Owner, request: Request, client: IpAddr) -> Response {
        let (parts, body) = request.into_parts();
        let Ok(body) = to_bytes(body, MAX_RELAYED).await else {
            return ApiError::too_large("that is more than 1 MiB; pour a smaller glass").into_response();
        };
        let path = parts.uri.path_and_query().map_or("/", |p| p.as_str());
        let mut headers = HeaderMap::new();
        copy_headers(&parts.headers, &mut headers);
        headers.insert(INTERNAL_HEADER, self.internal_token.parse().expect("hex is a valid header value"));
        headers.insert("x-forwarded-for", client.to_string().parse().expect("an IP is a valid header value"));
        metrics::counter!("prost_forwarded_requests_total").increment(1);
        let sent =
            self.http.request(parts.method, format!("{}{path}", owner.url)).headers(headers).body(body).send().await;
        let upstream = match sent {
            Ok(upstream) => upstream,
            Err(error) => return owner_unreachable(owner, error).into_response(),
        };
        let status = StatusCode::from_u16(upstream.status().as_u16()).unwrap_or(StatusCode::BAD_GATEWAY);
        let mut out_headers = HeaderMap::new();
        copy_headers(upstream.headers(), &mut out_headers);
        match upstream.bytes().await {
            Ok(bytes) => {
                let mut response = Response::new(Body::from(bytes));
                *response.status_mut() = status;
                *response.headers_mut() = out_headers;
                response
            }
            Err(error) => owner_unreachable(owner, error).into_response(),
        }
    }

    /// Sends a socket's answers to the event's owner; returns the new version.
    pub async fn forward_answers(
        &self,
        owner: &Owner,
        event_id: &str,
        answers: &ForwardedAnswers,
    ) -> Result<u64, ApiError> {
        metrics::counter!("prost_forwarded_requests_total").increment(1);
        let response = self
            .http
            .post(format!("{}/internal/v1/events/{event_id}/answers", owner.url))
            .header(INTERNAL_HEADER, &self.internal_token)
            .header(header::CONTENT_TYPE, "application/json")
            .json(answers)
            .send()
            .await
            .map_err(|e| owner_unreachable(owner, e))?;
        let status = response.status();
        let body = response.bytes().await.map_err(|e| owner_unreachable(owner, e))?;
        if status.is_success() {
            let ack: ForwardedAck = serde_json::from_slice(&body).map_err(|e| owner_unreachable(owner, e))?;
            return Ok(ack.version);
        }
        Err(ApiError::from_body(StatusCode::from_u16(status.as_u16()).unwrap_or(StatusCode::BAD_GATEWAY), &body))
    }
}
