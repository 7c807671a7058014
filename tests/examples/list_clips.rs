//! The README's example: list a stream's clips with the generated client.
//!
//! `GCORE_API_KEY=... cargo run -p workspace-tests --example list_clips -- 12345`

use gcore_streaming::client::GetStreamsIdClipRecordingError;
use gcore_streaming::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let stream_id: i64 = std::env::args().nth(1).unwrap_or_default().parse()?;
    // Reads GCORE_API_KEY, and GCORE_BASE_URL if set (default https://api.gcore.com).
    let client = Client::from_env()?;
    match client.get_streams_id_clip_recording(stream_id).await {
        Ok(clips) => {
            for clip in clips {
                println!(
                    "{} ({} s): {}",
                    clip.id,
                    clip.duration,
                    clip.hls_master.unwrap_or_default()
                );
            }
        }
        // A declared error status arrives decoded, as the type the spec gives it.
        Err(Error::Api {
            body: GetStreamsIdClipRecordingError::NotFound(not_found),
            ..
        }) => {
            eprintln!(
                "stream {stream_id}: {}",
                not_found.error.unwrap_or_default()
            );
        }
        Err(other) => return Err(other.into()),
    }
    Ok(())
}
