//! `sop serve`: the playground, a local web page for trying scenarios.

use std::net::{IpAddr, Ipv4Addr};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::serve::corpus::Corpus;
use crate::serve::http;
use crate::serve::routes::Playground;

/// Arguments of `sop serve`.
#[derive(clap::Args)]
#[command(
    about = "Serve the playground: a local page to pick or write a scenario and see its verdict",
    after_help = "PATH is a fixture file or a folder (every *.json below it): the scenarios the page\n\
        offers to pick from, grouped by file (default: fixtures/, when there is one). The page\n\
        evaluates one scenario object at a time, edited or written in it, and shows the verdict\n\
        (as `sop eval`), the walkthrough (as `sop explain`), the fix and the requests.\n\n\
        The first line on standard output is the address, `sop playground: http://HOST:PORT/`.\n\
        It listens on 127.0.0.1 unless --host says otherwise, and answers only to loopback\n\
        names there. The page loads nothing from any other host: it works offline.\n\n\
        Examples:\n  sop serve\n  sop serve --port 0 fixtures/preflight.json\n  \
        sop serve --host ::1 --port 9000 my-scenarios/\n\n\
        Exit status: 0 is never reached: it serves until interrupted (Ctrl-C); 2 when it cannot\n\
        listen on HOST:PORT."
)]
pub struct Args {
    /// Fixture files or folders to pick scenarios from.
    paths: Vec<PathBuf>,
    /// The port; 0 picks a free one.
    #[arg(long, default_value_t = 8765)]
    port: u16,
    /// The address to listen on. Anything but loopback lets other
    /// machines use it.
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    host: IpAddr,
}

/// Runs `sop serve` until it is interrupted.
pub fn run(args: &Args) -> Result<ExitCode, Box<dyn std::error::Error>> {
    if args.paths.iter().any(|p| p.as_os_str() == "-") {
        return Err("serve reads its scenarios from files, not standard input".into());
    }
    let paths = match args.paths.as_slice() {
        [] if Path::new("fixtures").is_dir() => vec![PathBuf::from("fixtures")],
        _ => args.paths.clone(),
    };
    // Read as every other subcommand reads: a file that cannot be used is
    // reported on stderr and the others are offered.
    let inputs = super::read_all(&paths);
    let corpus = Corpus::new(&inputs.files);
    let offered = corpus.scenarios;
    let server = tiny_http::Server::http((args.host, args.port))
        .map_err(|e| format!("cannot listen on {}: {e}", address(args.host, args.port)))?;
    let port = server.server_addr().to_ip().map_or(args.port, |a| a.port());
    // First, and alone on its line: a test or a script reads it.
    outln!("sop playground: http://{}/", address(args.host, port));
    eprintln!(
        "{offered} scenarios from {} files to pick from; Ctrl-C stops it",
        inputs.files.len()
    );
    if inputs.unreadable > 0 {
        eprintln!(
            "sop: {} of {} files could not be used",
            inputs.unreadable, inputs.total
        );
    }
    if !args.host.is_loopback() {
        eprintln!(
            "warning: listening on {}, not loopback: anyone who can reach this machine can use the playground",
            args.host
        );
    }
    http::serve(&server, &Playground::new(corpus));
    Ok(ExitCode::SUCCESS)
}

/// `host:port`, an IPv6 address in brackets.
fn address(host: IpAddr, port: u16) -> String {
    std::net::SocketAddr::new(host, port).to_string()
}
