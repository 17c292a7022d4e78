//! PNG renderings of the pictures, for pages and LMSs that cannot embed SVG.
//!
//! resvg draws the SVG with the DejaVu Sans fonts compiled into the binary (never the
//! machine's fonts), so the same picture gives the same pixels on every server. Rendered at
//! twice the SVG's size, for high-density screens.

use std::sync::{Arc, OnceLock};

use resvg::tiny_skia;
use resvg::usvg;

static REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// Pixels per SVG unit.
pub const SCALE: f32 = 2.0;

/// Why a picture could not be rendered (never the client's input: the SVG is our own).
#[derive(Debug, thiserror::Error)]
pub enum PngError {
    #[error("the picture's SVG could not be read: {0}")]
    Parse(String),
    #[error("the picture is too large to render ({0} x {1} px)")]
    Size(u32, u32),
    #[error("the PNG could not be encoded: {0}")]
    Encode(String),
}

fn options() -> &'static usvg::Options<'static> {
    static OPTIONS: OnceLock<usvg::Options<'static>> = OnceLock::new();
    OPTIONS.get_or_init(|| {
        let mut fonts = usvg::fontdb::Database::new();
        fonts.load_font_data(REGULAR.to_vec());
        fonts.load_font_data(BOLD.to_vec());
        fonts.set_sans_serif_family("DejaVu Sans");
        usvg::Options {
            font_family: "DejaVu Sans".into(),
            fontdb: Arc::new(fonts),
            ..usvg::Options::default()
        }
    })
}

/// The SVG document rendered to PNG bytes.
pub fn render(svg: &str) -> Result<Vec<u8>, PngError> {
    let tree = usvg::Tree::from_str(svg, options()).map_err(|e| PngError::Parse(e.to_string()))?;
    let size = tree.size();
    let (w, h) = (
        (size.width() * SCALE).ceil() as u32,
        (size.height() * SCALE).ceil() as u32,
    );
    let mut pixmap = tiny_skia::Pixmap::new(w, h).ok_or(PngError::Size(w, h))?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(SCALE, SCALE),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| PngError::Encode(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_text_with_the_embedded_font_at_twice_the_size() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 60 20" width="60" height="20"><rect width="60" height="20" fill="#fff"/><text x="2" y="15" font-size="14" font-family="DejaVu Sans">det 5</text></svg>"##;
        let png = render(svg).unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        // IHDR: width and height, big-endian, at bytes 16..24
        let w = u32::from_be_bytes(png[16..20].try_into().unwrap());
        let h = u32::from_be_bytes(png[20..24].try_into().unwrap());
        assert_eq!((w, h), (120, 40));
        let pixmap = tiny_skia::Pixmap::decode_png(&png).unwrap();
        let dark = pixmap
            .pixels()
            .iter()
            .filter(|p| p.red() < 128 && p.alpha() > 0)
            .count();
        assert!(dark > 50, "the text was drawn ({dark} dark pixels)");
        assert_eq!(render(svg).unwrap(), png, "same SVG, same bytes");
    }
}
