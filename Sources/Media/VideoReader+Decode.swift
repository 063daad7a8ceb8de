import CFFmpeg

extension VideoReader {
    /// Decodes the next frame into `frame`, reusing its pixel buffer (no allocation once the
    /// buffer has the right capacity). Returns false at the end of the video (or after
    /// `endFrame`); `frame` is then left unchanged.
    ///
    /// Corrupt packets mid-file do not throw: they are counted in `corruptPacketCount` and listed
    /// in `warnings`, and decoding goes on.
    public func read(into frame: inout Frame) throws -> Bool {
        while true {
            guard try decodeNext() else { return false }
            let number = decodedFrameCount
            if number < options.startFrame { continue }
            if let end = options.endFrame, number > end {
                finished = true
                return false
            }
            try convert(into: &frame, number: number)
            return true
        }
    }

    /// The next frame in a newly allocated buffer, or nil at the end. Prefer `read(into:)` in
    /// loops over long videos.
    public func nextFrame() throws -> Frame? {
        var frame = Frame(number: 0, timestamp: 0, width: 0, height: 0, format: options.format, pixels: [])
        return try read(into: &frame) ? frame : nil
    }

    /// Decodes the next frame without converting it (for counting and benchmarks). Returns false
    /// at the end or after `endFrame`. Frames skipped this way still advance the frame number.
    public func skipFrame() throws -> Bool {
        guard try decodeNext() else { return false }
        if let end = options.endFrame, decodedFrameCount > end {
            finished = true
            return false
        }
        return true
    }

    /// Decodes the rest of the video without converting and returns how many frames that was;
    /// on a fresh reader this is the exact frame count.
    public func countFrames() throws -> Int {
        var n = 0
        while try skipFrame() { n += 1 }
        return n
    }

    /// Warns when the stream ended before the frame count its container declares (a file cut
    /// short after its index, e.g. an MP4 written with +faststart).
    func checkEndedEarly() {
        if let declared = metadata.frameCount, decodedFrameCount < declared {
            endedEarly = true
            warn("the file ends after frame \(decodedFrameCount) but its container declares \(declared) frames: it is probably truncated")
        }
    }

    /// Runs demux + decode until one frame sits in `avFrame`; returns false at the end.
    /// Increments `decodedFrameCount`.
    func decodeNext() throws -> Bool {
        guard !finished, let codecContext, let formatContext, let packet, let avFrame else { return false }
        av_frame_unref(avFrame)
        while true {
            let received = avcodec_receive_frame(codecContext, avFrame)
            if received == 0 {
                decodedFrameCount += 1
                if avFrame.pointee.decode_error_flags != 0 || (avFrame.pointee.flags & AV_FRAME_FLAG_CORRUPT) != 0 {
                    damagedFrameCount += 1
                    warn("frame \(decodedFrameCount): decoded with concealed errors")
                }
                return true
            }
            if received == cffmpeg_eof() {
                finished = true
                checkEndedEarly()
                return false
            }
            if received != cffmpeg_eagain() {
                // A decode error surfaced on output; count it and keep going.
                corruptPacketCount += 1
                warn("after frame \(decodedFrameCount): decoder error \(ffmpegErrorString(received)); skipped")
                if draining {
                    finished = true
                    return false
                }
            }
            if draining {
                // EAGAIN while draining should not happen; treat it as the end.
                finished = true
                checkEndedEarly()
                return false
            }

            if !packetPending {
                let readResult = av_read_frame(formatContext, packet)
                if readResult < 0 {
                    if readResult != cffmpeg_eof() {
                        warn("after frame \(decodedFrameCount): read error \(ffmpegErrorString(readResult)); treating as end of file")
                    }
                    draining = true
                    _ = avcodec_send_packet(codecContext, nil)
                    continue
                }
                if packet.pointee.stream_index != streamIndex {
                    av_packet_unref(packet)
                    continue
                }
            }
            let sent = avcodec_send_packet(codecContext, packet)
            if sent == cffmpeg_eagain() {
                // The decoder wants its output read first; resend this packet afterwards.
                packetPending = true
                continue
            }
            packetPending = false
            if sent < 0 {
                corruptPacketCount += 1
                warn("packet at \(packet.pointee.pos >= 0 ? "byte \(packet.pointee.pos)" : "unknown offset") after frame \(decodedFrameCount): \(ffmpegErrorString(sent)); skipped")
            }
            av_packet_unref(packet)
        }
    }
}
