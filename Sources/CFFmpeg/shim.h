#ifndef TRACKLINE_CFFMPEG_SHIM_H
#define TRACKLINE_CFFMPEG_SHIM_H

#include <errno.h>
#include <libavformat/avformat.h>
#include <libavcodec/avcodec.h>
#include <libswscale/swscale.h>
#include <libavutil/avutil.h>
#include <libavutil/imgutils.h>
#include <libavutil/opt.h>
#include <libavutil/error.h>
#include <libavutil/display.h>
#include <libavutil/time.h>
#include <libavdevice/avdevice.h>
#include <math.h>

// Function-like macros Swift cannot import, wrapped as inline functions.
static inline int cffmpeg_averror(int e) { return AVERROR(e); }
static inline int cffmpeg_eagain(void) { return AVERROR(EAGAIN); }
static inline int cffmpeg_eof(void) { return AVERROR_EOF; }
static inline int cffmpeg_enomem(void) { return AVERROR(ENOMEM); }
static inline int64_t cffmpeg_nopts(void) { return AV_NOPTS_VALUE; }
static inline AVRational cffmpeg_time_base_q(void) { return AV_TIME_BASE_Q; }
static inline int cffmpeg_invaliddata(void) { return AVERROR_INVALIDDATA; }
static inline int cffmpeg_stream_not_found(void) { return AVERROR_STREAM_NOT_FOUND; }
static inline int cffmpeg_decoder_not_found(void) { return AVERROR_DECODER_NOT_FOUND; }
static inline int cffmpeg_encoder_not_found(void) { return AVERROR_ENCODER_NOT_FOUND; }
static inline int cffmpeg_demuxer_not_found(void) { return AVERROR_DEMUXER_NOT_FOUND; }
static inline int cffmpeg_patchwelcome(void) { return AVERROR_PATCHWELCOME; }
static inline int cffmpeg_eacces(void) { return AVERROR(EACCES); }
static inline int cffmpeg_enoent(void) { return AVERROR(ENOENT); }

/// av_err2str replacement: writes the message for `errnum` into `buf` (size >= AV_ERROR_MAX_STRING_SIZE).
static inline const char *cffmpeg_err2str(int errnum, char *buf, size_t size) {
    av_strerror(errnum, buf, size);
    return buf;
}

/// sws_scale with its plane arrays passed as separate arguments: Swift imports C arrays of
/// pointers awkwardly, and this keeps the per-frame call free of allocation.
static inline int cffmpeg_sws_scale(struct SwsContext *ctx,
                                    const uint8_t *s0, const uint8_t *s1, const uint8_t *s2, const uint8_t *s3,
                                    int ss0, int ss1, int ss2, int ss3, int src_height,
                                    uint8_t *d0, uint8_t *d1, uint8_t *d2, uint8_t *d3,
                                    int ds0, int ds1, int ds2, int ds3) {
    const uint8_t *const src[4] = {s0, s1, s2, s3};
    const int src_stride[4] = {ss0, ss1, ss2, ss3};
    uint8_t *const dst[4] = {d0, d1, d2, d3};
    const int dst_stride[4] = {ds0, ds1, ds2, ds3};
    return sws_scale(ctx, src, src_stride, 0, src_height, dst, dst_stride);
}

/// The rotation a player applies to show the stream upright, in degrees counterclockwise
/// (from the stream's display matrix, as `ffmpeg` reads it), or NAN when the stream has none.
static inline double cffmpeg_display_rotation(const AVStream *stream) {
    const int32_t *matrix = NULL;
#if LIBAVFORMAT_VERSION_MAJOR >= 61
    const AVPacketSideData *sd = av_packet_side_data_get(stream->codecpar->coded_side_data,
                                                         stream->codecpar->nb_coded_side_data,
                                                         AV_PKT_DATA_DISPLAYMATRIX);
    if (sd && sd->size >= 9 * sizeof(int32_t)) matrix = (const int32_t *)sd->data;
#else
    size_t size = 0;
    const uint8_t *data = av_stream_get_side_data(stream, AV_PKT_DATA_DISPLAYMATRIX, &size);
    if (data && size >= 9 * sizeof(int32_t)) matrix = (const int32_t *)data;
#endif
    if (!matrix) return NAN;
    return av_display_rotation_get(matrix);
}

/// True when the packet is marked for decoding only (leading frames an edit list cuts).
static inline int cffmpeg_packet_discarded(const AVPacket *packet) {
    return (packet->flags & AV_PKT_FLAG_DISCARD) != 0;
}

/// What a reader's interrupt callback reads: `stop` set by another thread makes FFmpeg's
/// blocking network reads return AVERROR_EXIT within about 0.1 s.
typedef struct { int stop; } cffmpeg_interrupt;

static inline int cffmpeg_interrupt_check(void *opaque) {
    return __atomic_load_n(&((cffmpeg_interrupt *)opaque)->stop, __ATOMIC_RELAXED);
}

static inline void cffmpeg_interrupt_install(AVFormatContext *format, cffmpeg_interrupt *state) {
    format->interrupt_callback.callback = cffmpeg_interrupt_check;
    format->interrupt_callback.opaque = state;
}

static inline void cffmpeg_interrupt_request(cffmpeg_interrupt *state) {
    __atomic_store_n(&state->stop, 1, __ATOMIC_RELAXED);
}

static inline int cffmpeg_exit(void) { return AVERROR_EXIT; }
static inline int cffmpeg_etimedout(void) { return AVERROR(ETIMEDOUT); }
static inline int cffmpeg_econnrefused(void) { return AVERROR(ECONNREFUSED); }

#endif
