//! `openapi-client-gen`: the generator as a tool of its own, for specs outside this workspace.
//! Install it with `cargo install --path generator`; the flags are those of
//! `cargo xtask codegen --spec` (it is the same code, `generator::cli`).

use generator::cli::{Codegen, USAGE};
use std::process::ExitCode;

// Generation allocates and frees a great many small pieces (token trees, and `syn`'s tree of
// every item that prettyplease prints): mimalloc takes a quarter off the whole process's time
// over the system allocator (full Gcore Streaming 0.75x cpu, OpenAI 0.75x, GHES 0.67x), for a
// larger peak (16 -> 39 MiB, 97 -> 111 MiB, 74 -> 109 MiB). The library leaves the choice to
// its caller (`cargo xtask` counts its heap with its own allocator).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.is_empty() || args.iter().any(|a| a == "-h" || a == "--help") {
        println!("usage: openapi-client-gen --spec FILE --out DIR [options]\n\n{USAGE}");
        return ExitCode::SUCCESS;
    }
    match Codegen::parse(&args) {
        Ok(task) => task.run("openapi-client-gen", &Vec::new),
        Err(message) => {
            eprintln!("error: {message}\n\nusage: openapi-client-gen --spec FILE --out DIR [options]\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}
