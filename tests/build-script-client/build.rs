//! Generates the API client into `$OUT_DIR/api.rs` and `$OUT_DIR/api/` (see `src/lib.rs`).

fn main() {
    let built = generator::build::Build::new("../fixtures/operations.yaml")
        .name("api")
        .config("build-settings.yaml")
        .run();
    if let Err(e) = built {
        // One line saying where and what, as `cargo xtask codegen` says it.
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}
