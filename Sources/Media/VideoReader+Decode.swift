import CFFmpeg
import Dispatch

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
            let number = frameNumber
            if number < options.startFrame { continue }
            if let end = options.endFrame, number > end {
                finished = true
                return false
            }
            try convert(into: &frame, number: number)
            return true
        }
    }

    /// Decodes up to the next frame whose number `wanted` accepts and converts only that one
    /// into `frame` (the frames between are decoded, not converted): a few frames picked from a
    /// long video. Returns false at the end (or after `endFrame`).
    public func read(into frame: inout Frame, where wanted: (Int) -> Bool) throws -> Bool {
        while true {
            guard try decodeNext() else { return false }
            let number = frameNumber
            if number < options.startFrame || !wanted(number) {
                if let end = options.endFrame, number > end { finished = true; return false }
                continue
            }
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
        if let end = options.endFrame, frameNumber > end {
            finished = true
            return false
        }
        return true
    }

    /// Decodes the rest of the video without converting and returns how many frames that was;
    /// on a fresh reader this is the exact count of decodable frames (`frameNumber` also counts
    /// the frames lost in between).
    public func countFrames() throws -> Int {
        var n = 0
        while try skipFrame() { n += 1 }
        return n
    }

    /// Warns when the stream ended before the frame count its container declares (a file cut
    /// short after its index, e.g. an MP4 written with +faststart).
    func checkEndedEarly() {
        // Packets sent whose frames never came out were lost at the end.
        if let last = lastPTS { lostAtEnd = pendingPTS.filter { $0 > last }.count }
        pendingPTS.removeAll()
        if let declared = metadata.frameCount, frameNumber + lostAtEnd < declared {
            endedEarly = true
            warn("the file ends after frame \(frameNumber + lostAtEnd) but its container declares \(declared) frames: it is probably truncated")
        }
    }

    /// Numbers the frame now in `avFrame`: one past the last, plus the frames lost in between.
    /// Frames are lost when packets sent before this frame's never produced a frame; a packet
    /// counts as lost only as far as the time between the two frames leaves room for it, so
    /// streams that carry one frame in several packets (interlaced fields) are not miscounted.
    /// Nothing is counted before the first frame (leading frames a decoder cannot start with).
    func numberDecodedFrame() {
        decodedFrameCount += 1
        let pts = avFrame.map { $0.pointee.pts != cffmpeg_nopts() ? $0.pointee.pts : $0.pointee.best_effort_timestamp } ?? cffmpeg_nopts()
        guard pts != cffmpeg_nopts() else {
            frameNumber += 1
            return
        }
        var before = 0
        while before < pendingPTS.count, pendingPTS[before] < pts { before += 1 }
        var lost = 0
        if let last = lastPTS, frameNumber > 0 {
            for k in 0..<before where pendingPTS[k] > last { lost += 1 }
            if frameDuration > 0 {
                let room = Int(((Double(pts) - Double(last)) / Double(frameDuration)).rounded()) - 1
                lost = min(lost, max(0, room))
            }
        }
        pendingPTS.removeFirst(before)
        if let k = pendingPTS.firstIndex(of: pts) { pendingPTS.remove(at: k) }
        if lost > 0 {
            lostFrameCount += lost
            let range = (frameNumber + 1)...(frameNumber + lost)
            if lostFrames.count < 100 { lostFrames.append(range) }
            warn("frames \(range.lowerBound)-\(range.upperBound) lost to damaged data; numbers skipped")
        }
        frameNumber += lost + 1
        if lastPTS.map({ pts > $0 }) ?? true { lastPTS = pts }
    }

    /// Remembers a packet's presentation time until its frame comes out (see `numberDecodedFrame`).
    func notePacketSent(_ packet: UnsafeMutablePointer<AVPacket>) {
        let pts = packet.pointee.pts
        guard pts != cffmpeg_nopts(), cffmpeg_packet_discarded(packet) == 0 else { return }
        // Keep it sorted; packets arrive in decode order, nearly sorted by pts.
        var k = pendingPTS.count
        while k > 0, pendingPTS[k - 1] > pts { k -= 1 }
        pendingPTS.insert(pts, at: k)
        // A decoder that keeps no count of its input must not grow this without bound.
        if pendingPTS.count > 4096 { pendingPTS.removeFirst(pendingPTS.count - 4096) }
    }

    /// Runs demux + decode until one frame sits in `avFrame`; returns false at the end.
    /// Increments `decodedFrameCount`.
    func decodeNext() throws -> Bool {
        guard !finished, let codecContext, let formatContext, let packet, let avFrame else { return false }
        av_frame_unref(avFrame)
        while true {
            let received = avcodec_receive_frame(codecContext, avFrame)
            if received == 0 {
                numberDecodedFrame()
                if avFrame.pointee.decode_error_flags != 0 || (avFrame.pointee.flags & AV_FRAME_FLAG_CORRUPT) != 0 {
                    damagedFrameCount += 1
                    warn("frame \(frameNumber): decoded with concealed errors")
                }
                return true
            }
            if received == cffmpeg_eof() {
                finished = true
                checkEndedEarly()
                if let failure = liveFailure {
                    liveFailure = nil
                    throw failure
                }
                return false
            }
            if received != cffmpeg_eagain() {
                // A decode error surfaced on output; count it and keep going.
                corruptPacketCount += 1
                warn("after frame \(frameNumber): decoder error \(ffmpegErrorString(received)); skipped")
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
                    // A live source ends at an interrupt; any other failure is an error, also
                    // one the demuxer reports as the end of its input.
                    let ioError = formatContext.pointee.pb.map { $0.pointee.error } ?? 0
                    if source.isLive && !interruptFlag.isRequested && (readResult != cffmpeg_eof() || ioError < 0) {
                        liveFailure = liveReadError(readResult != cffmpeg_eof() ? readResult : ioError)
                    } else if readResult != cffmpeg_eof() && !interruptFlag.isRequested {
                        warn("after frame \(frameNumber): read error \(ffmpegErrorString(readResult)); treating as end of file")
                    }
                    draining = true
                    _ = avcodec_send_packet(codecContext, nil)
                    continue
                }
                // Bytes came in (not packets flushed from the demuxer's buffers): not stalled.
                if let pos = formatContext.pointee.pb?.pointee.pos, pos != lastDataPosition {
                    lastDataPosition = pos
                    lastDataTime = DispatchTime.now().uptimeNanoseconds
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
            notePacketSent(packet)
            if sent < 0 {
                corruptPacketCount += 1
                warn("packet at \(packet.pointee.pos >= 0 ? "byte \(packet.pointee.pos)" : "unknown offset") after frame \(frameNumber): \(ffmpegErrorString(sent)); skipped")
            }
            av_packet_unref(packet)
        }
    }
}
