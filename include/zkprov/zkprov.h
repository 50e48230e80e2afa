/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Umbrella header: the whole public API. */
#ifndef ZKPROV_H
#define ZKPROV_H

#include "version.h"
#include "common.h"
#include "field.h"
#include "hash.h"
#include "pcs.h"
#include "piop.h"
#include "prov.h"
#include "io.h"
#include "verify.h"
#include "sizes.h"

#endif
