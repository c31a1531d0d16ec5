//! What an uploaded image keeps of its metadata: nothing that can say who took it, where, when or with what. A
//! photo from a phone carries the place it was taken (GPS), the device, the time and sometimes the author's name
//! in EXIF, XMP, IPTC or text chunks; served to every resident who sees the poll, that could tell a lot about the
//! civil servant who took it. All of it goes, except what shows the image as it was meant: the orientation (kept
//! as an EXIF block of that one tag), the colour profile and the colour transform. The image data itself is kept
//! byte for byte: nothing is decoded or encoded again.

use img_parts::{
    Bytes, ImageEXIF,
    jpeg::{Jpeg, JpegSegment, markers},
    png::{Png, PngChunk},
    riff::RiffContent,
    webp::{CHUNK_EXIF, CHUNK_VP8X, CHUNK_XMP, WebP},
};

/// The image without its metadata, and its EXIF orientation (1 to 8; 1 when it has none); None when it cannot be
/// read as the type its first bytes say.
pub fn strip(content: &[u8], content_type: &str) -> Option<(Vec<u8>, u16)> {
    let bytes = Bytes::copy_from_slice(content);
    match content_type {
        "image/jpeg" => {
            let mut jpeg = Jpeg::from_bytes(bytes).ok()?;
            let orientation = jpeg.exif().map_or(1, |exif| orientation(&exif));
            let kept = orientation_exif(orientation, true);
            let mut replaced = false;
            jpeg.segments_mut().retain_mut(|segment| match segment.marker() {
                // JFIF, the colour profile, Adobe's colour transform; every other APPn and comments go.
                markers::APP0 | markers::APP2 | markers::APP14 => true,
                markers::APP1 if segment.contents().starts_with(b"Exif\0\0") && !replaced => match &kept {
                    Some(exif) => {
                        *segment = JpegSegment::new_with_contents(markers::APP1, exif.clone());
                        replaced = true;
                        true
                    }
                    None => false,
                },
                markers::APP1 | markers::APP3..=markers::APP13 | markers::APP15 | markers::COM => false,
                _ => true,
            });
            Some((jpeg.encoder().bytes().to_vec(), orientation))
        }
        "image/png" => {
            let mut png = Png::from_bytes(bytes).ok()?;
            let orientation = png.exif().map_or(1, |exif| orientation(&exif));
            let kept = orientation_exif(orientation, false);
            png.chunks_mut().retain_mut(|chunk| match &chunk.kind() {
                b"eXIf" => match &kept {
                    Some(exif) => {
                        *chunk = PngChunk::new(*b"eXIf", exif.clone());
                        true
                    }
                    None => false,
                },
                // Text of any kind (author, description, software, comments) and the time it was made.
                b"tEXt" | b"zTXt" | b"iTXt" | b"tIME" => false,
                _ => true,
            });
            Some((png.encoder().bytes().to_vec(), orientation))
        }
        "image/webp" => {
            let mut webp = WebP::from_bytes(bytes).ok()?;
            // The chunk as it is (img-parts' exif() reads only one written with JPEG's "Exif\0\0" before it).
            let orientation = webp
                .chunk_by_id(CHUNK_EXIF)
                .and_then(|chunk| chunk.content().data())
                .map_or(1, |exif| orientation(exif));
            let kept = orientation_exif(orientation, false);
            webp.remove_chunks_by_id(CHUNK_XMP);
            for chunk in webp.chunks_mut().iter_mut() {
                if chunk.id() == CHUNK_EXIF
                    && let (Some(exif), RiffContent::Data(data)) = (&kept, chunk.content_mut())
                {
                    *data = exif.clone();
                }
            }
            if kept.is_none() {
                webp.remove_chunks_by_id(CHUNK_EXIF);
            }
            // The extended header's flags say which chunks follow: no XMP any more, EXIF only if kept. (Not through
            // img-parts' set_exif, which drops VP8X from an image with alpha or animation.)
            let has_exif = webp.has_chunk(CHUNK_EXIF);
            for chunk in webp.chunks_mut().iter_mut().filter(|chunk| chunk.id() == CHUNK_VP8X) {
                if let RiffContent::Data(data) = chunk.content_mut() {
                    let mut header = data.to_vec();
                    if let Some(flags) = header.first_mut() {
                        *flags &= !(0x04 | if has_exif { 0 } else { 0x08 });
                    }
                    *data = Bytes::from(header);
                }
            }
            Some((webp.encoder().bytes().to_vec(), orientation))
        }
        _ => None,
    }
}

/// The orientation tag of an EXIF block (a TIFF structure), 1 when it has none or cannot be read.
fn orientation(exif: &[u8]) -> u16 {
    // Some writers keep JPEG's "Exif\0\0" before the TIFF structure in PNG and WebP too.
    let tiff = exif.strip_prefix(b"Exif\0\0").unwrap_or(exif);
    exif::Reader::new()
        .read_raw(tiff.to_vec())
        .ok()
        .and_then(|read| read.get_field(exif::Tag::Orientation, exif::In::PRIMARY)?.value.get_uint(0))
        .and_then(|value| u16::try_from(value).ok())
        .filter(|value| (1..=8).contains(value))
        .unwrap_or(1)
}

/// An EXIF block of the orientation tag alone (JPEG's with the "Exif\0\0" before it); None for the upright 1,
/// which needs none.
fn orientation_exif(orientation: u16, jpeg_prefix: bool) -> Option<Bytes> {
    if orientation == 1 {
        return None;
    }
    let mut block = Vec::with_capacity(32);
    if jpeg_prefix {
        block.extend_from_slice(b"Exif\0\0");
    }
    // Big-endian TIFF header, the first directory at byte 8.
    block.extend_from_slice(b"MM\0\x2a\0\0\0\x08");
    // One entry: Orientation (0x0112), SHORT, one value, then no next directory.
    block.extend_from_slice(&[0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1]);
    block.extend_from_slice(&orientation.to_be_bytes());
    block.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
    Some(Bytes::from(block))
}

/// Whether an orientation turns the image a quarter, so that it is shown with width and height swapped.
pub fn turns_sideways(orientation: u16) -> bool {
    (5..=8).contains(&orientation)
}
