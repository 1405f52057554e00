//! The HTTPS servers' certificate: self-signed, made at start for every
//! host name the scenarios use (Chromium runs with
//! `--ignore-certificate-errors`, so it needs no trust anchor).

use std::net::IpAddr;
use std::sync::Arc;

use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::crypto::ring::default_provider;
use tokio_rustls::rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::rustls::{ServerConfig, version};

/// The subject alternative names for `hosts`: each host that is a valid
/// DNS name or IP address, plus wildcards for the common test domains.
pub fn subject_alt_names<'a>(hosts: impl IntoIterator<Item = &'a String>) -> Vec<String> {
    let mut names = vec![
        "localhost".to_owned(),
        "127.0.0.1".to_owned(),
        "*.example".to_owned(),
        "*.test".to_owned(),
        "*.localhost".to_owned(),
    ];
    for host in hosts {
        let host = host.trim_start_matches('[').trim_end_matches(']');
        let dns_ok = !host.is_empty()
            && host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
        if (dns_ok || host.parse::<IpAddr>().is_ok()) && !names.iter().any(|n| n == host) {
            names.push(host.to_owned());
        }
    }
    names
}

/// A TLS acceptor (TLS 1.2 and 1.3, ALPN `http/1.1`, the `ring` provider)
/// with a fresh self-signed certificate for `names`.
pub fn acceptor(names: Vec<String>) -> Result<TlsAcceptor, String> {
    let certified = rcgen::generate_simple_self_signed(names)
        .map_err(|e| format!("cannot make a certificate: {e}"))?;
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(
        certified.signing_key.serialize_der(),
    ));
    let mut config = ServerConfig::builder_with_provider(Arc::new(default_provider()))
        .with_protocol_versions(&[&version::TLS13, &version::TLS12])
        .map_err(|e| format!("TLS set-up: {e}"))?
        .with_no_client_auth()
        .with_single_cert(vec![certified.cert.der().clone()], key)
        .map_err(|e| format!("TLS set-up: {e}"))?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(TlsAcceptor::from(Arc::new(config)))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn names_skip_what_a_certificate_cannot_hold() {
        let hosts = [
            "app.example".to_owned(),
            "exa<mple".to_owned(),
            "127.0.0.1".to_owned(),
            "api.localhost".to_owned(),
        ];
        let names = subject_alt_names(&hosts);
        assert!(names.contains(&"app.example".to_owned()));
        assert!(names.contains(&"api.localhost".to_owned()));
        assert!(!names.iter().any(|n| n.contains('<')));
        assert_eq!(names.iter().filter(|n| *n == "127.0.0.1").count(), 1);
    }

    #[test]
    fn makes_an_acceptor() {
        assert!(acceptor(subject_alt_names(&["app.example".to_owned()])).is_ok());
    }
}
