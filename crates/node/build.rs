//! Sets the linker flags a Node addon needs on each platform (on macOS,
//! leaving the napi_* symbols for the node process to resolve).

fn main() {
    napi_build::setup();
}
