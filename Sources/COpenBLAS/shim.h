#ifndef TRACKLINE_COPENBLAS_SHIM_H
#define TRACKLINE_COPENBLAS_SHIM_H
#include <cblas.h>
#endif
