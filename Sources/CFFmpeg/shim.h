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

#endif
