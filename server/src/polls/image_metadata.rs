//! What an uploaded image keeps of its metadata: nothing that can say who took it, where, when or with what. A
//! photo from a phone carries the place it was taken (GPS), the device, the time and sometimes the author's name
//! in EXIF, XMP, IPTC, C2PA or text chunks, and a "motion photo" a video after its end; served to every resident who
//! sees the poll, that could tell a lot about the civil servant who took it. So only what draws the image as it was
//! meant is kept, by a list of what may stay (anything unknown goes): the image data itself byte for byte (nothing
//! is decoded or encoded again), the colour profile and colour transform, and the orientation as an EXIF block of
//! that one tag where browsers apply it.

use img_parts::{
    Bytes,
    png::{Png, PngChunk},
    riff::RiffContent,
    webp::{CHUNK_EXIF, CHUNK_VP8X, WebP},
};

/// An image without its metadata, and the orientation browsers show it in (1 to 8 as EXIF numbers them; 1 is
/// upright).
pub struct Stripped {
    pub content: Vec<u8>,
    pub orientation: u16,
}

/// The image without its metadata; None when it cannot be read to its end as the type its first bytes say
/// (damaged or cut off).
pub fn strip(content: &[u8], content_type: &str) -> Option<Stripped> {
    match content_type {
        "image/jpeg" => jpeg(content),
        "image/png" => png(content),
        "image/webp" => webp(content),
        _ => None,
    }
}

/// JPEG, walked segment by segment to its end (EOI), scans included: img-parts stops at the first scan and keeps
/// the rest as it is, which would keep the segments between the scans of a progressive JPEG and whatever follows
/// the image (a second image with its own EXIF, a motion photo's video).
fn jpeg(content: &[u8]) -> Option<Stripped> {
    const EXIF: &[u8] = b"Exif\0\0";
    let mut out = vec![0xFF, 0xD8];
    if content.get(..2)? != [0xFF, 0xD8] {
        return None;
    }
    let mut at = 2;
    let mut orientation = 1;
    let mut exif_seen = false;
    let mut scanned = false;
    loop {
        // A marker: 0xFF (fill bytes 0xFF may repeat), then its code.
        if *content.get(at)? != 0xFF {
            return None;
        }
        while *content.get(at + 1)? == 0xFF {
            at += 1;
        }
        let marker = content[at + 1];
        at += 2;
        if marker == 0xD9 {
            out.extend_from_slice(&[0xFF, 0xD9]);
            break;
        }
        if matches!(marker, 0xD0..=0xD7 | 0x01) {
            out.extend_from_slice(&[0xFF, marker]);
            continue;
        }
        let length = usize::from(u16::from_be_bytes(content.get(at..at + 2)?.try_into().ok()?));
        let segment = content.get(at..at + length).filter(|_| length >= 2)?;
        let body = &segment[2..];
        let keep = match marker {
            // JFIF, without the thumbnail it may carry (a thumbnail can show what the image was cropped from).
            0xE0 if body.starts_with(b"JFIF\0") && body.len() >= 14 => {
                let mut header = body[..14].to_vec();
                header[12..14].copy_from_slice(&[0, 0]);
                out.extend_from_slice(&[0xFF, 0xE0, 0, 16]);
                out.extend_from_slice(&header);
                false
            }
            // The colour profile and Adobe's colour transform, before the image data.
            0xE2 => body.starts_with(b"ICC_PROFILE\0") && !scanned,
            0xEE => body.starts_with(b"Adobe") && !scanned,
            // The first EXIF block before the image data (browsers read no later one), as its orientation alone.
            0xE1 if body.starts_with(EXIF) && !exif_seen && !scanned => {
                exif_seen = true;
                orientation = read_orientation(&body[EXIF.len()..]);
                if let Some(block) = orientation_exif(orientation, true) {
                    out.extend_from_slice(&[0xFF, 0xE1]);
                    out.extend_from_slice(&u16::try_from(block.len() + 2).ok()?.to_be_bytes());
                    out.extend_from_slice(&block);
                }
                false
            }
            // What decodes the image: frames, tables, restart intervals, scans (and the hierarchical markers).
            0xC0..=0xCF | 0xDA..=0xDF => true,
            // Every other application segment (JFXX, EXIF again, XMP, IPTC, MPF, …), comments and anything unknown.
            _ => false,
        };
        if keep {
            out.extend_from_slice(&[0xFF, marker]);
            out.extend_from_slice(segment);
        }
        at += length;
        if marker == 0xDA {
            scanned = true;
            // The scan's data runs to the next marker that is not a stuffed 0xFF 0x00 or a restart marker.
            let start = at;
            loop {
                let byte = *content.get(at)?;
                if byte == 0xFF {
                    let next = *content.get(at + 1)?;
                    if next != 0x00 && !(0xD0..=0xD7).contains(&next) {
                        break;
                    }
                    at += 2;
                } else {
                    at += 1;
                }
            }
            out.extend_from_slice(&content[start..at]);
        }
    }
    Some(Stripped { content: out, orientation })
}

/// PNG: the chunks that draw the image, by name; text of any kind, the time, C2PA and unknown chunks go. An eXIf
/// chunk counts, as browsers take it, only before the image data.
fn png(content: &[u8]) -> Option<Stripped> {
    const KEPT: [&[u8; 4]; 16] = [
        b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"cICP", b"sBIT", b"bKGD",
        b"pHYs", b"acTL", b"fcTL", b"fdAT",
    ];
    let mut png = Png::from_bytes(Bytes::copy_from_slice(content)).ok()?;
    if png.chunks().last().map(|chunk| chunk.kind()) != Some(*b"IEND") {
        return None;
    }
    let mut orientation = 1;
    let mut exif_seen = false;
    let mut seen_data = false;
    png.chunks_mut().retain_mut(|chunk| {
        let kind = chunk.kind();
        seen_data |= &kind == b"IDAT";
        if &kind == b"eXIf" && !seen_data && !exif_seen {
            exif_seen = true;
            orientation = read_orientation(chunk.contents());
            return match orientation_exif(orientation, false) {
                Some(block) => {
                    *chunk = PngChunk::new(*b"eXIf", block);
                    true
                }
                None => false,
            };
        }
        KEPT.contains(&&kind)
    });
    Some(Stripped { content: png.encoder().bytes().to_vec(), orientation })
}

/// WebP: the chunks that draw the image, by name; XMP, C2PA and unknown chunks go, and the EXIF chunk too (browsers
/// do not turn a WebP by it, so there is nothing to keep). The extended header's flags then say no EXIF or XMP
/// follows (ICC 0x20, alpha 0x10 and animation 0x02 stay as they were).
fn webp(content: &[u8]) -> Option<Stripped> {
    const KEPT: [&[u8; 4]; 7] = [b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF", b"ICCP"];
    let mut webp = WebP::from_bytes(Bytes::copy_from_slice(content)).ok()?;
    // Not through img-parts' set_exif, which drops VP8X from an image with alpha or animation.
    webp.chunks_mut().retain(|chunk| KEPT.contains(&&chunk.id()) && chunk.id() != CHUNK_EXIF);
    for chunk in webp.chunks_mut().iter_mut().filter(|chunk| chunk.id() == CHUNK_VP8X) {
        if let RiffContent::Data(data) = chunk.content_mut() {
            let mut header = data.to_vec();
            if let Some(flags) = header.first_mut() {
                *flags &= !(0x08 | 0x04);
            }
            *data = Bytes::from(header);
        }
    }
    Some(Stripped { content: webp.encoder().bytes().to_vec(), orientation: 1 })
}

/// The orientation tag of an EXIF block (a TIFF structure), 1 when it has none or cannot be read.
fn read_orientation(exif: &[u8]) -> u16 {
    // Some writers keep JPEG's "Exif\0\0" before the TIFF structure in PNG too.
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
