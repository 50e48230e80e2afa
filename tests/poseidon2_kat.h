/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Published Poseidon2 known answers, shared by test_poseidon2 and tools/gen_vectors. */
#ifndef ZP_TESTS_POSEIDON2_KAT_H
#define ZP_TESTS_POSEIDON2_KAT_H

#include <stdint.h>

/* Known answers of the Poseidon2 permutation over Goldilocks.
 * Width 12: permutation of [0, 1, ..., 11], from the HorizenLabs reference
 * (https://github.com/HorizenLabs/poseidon2, main branch,
 * plain_implementations/src/poseidon2/poseidon2.rs, mod
 * poseidon2_tests_goldilocks, fn kats, POSEIDON2_GOLDILOCKS_12_PARAMS).
 * Width 8: the reference publishes no width-8 Goldilocks vector; these are
 * from Plonky3 (https://github.com/Plonky3/Plonky3, goldilocks/src/
 * poseidon2.rs as of its HorizenLabs-constants version, tests
 * test_poseidon2_width_8_zeroes / _range / _random of
 * hl_poseidon2_goldilocks_width_8, "a function which recreates the
 * poseidon2 implementation in https://github.com/HorizenLabs/poseidon2"
 * with the same MAT_DIAG8_M_1 and RC8). */
static const uint64_t KAT12_RANGE[12] = {
    0x01eaef96bdf1c0c1ULL, 0x1f0d2cc525b2540cULL, 0x6282c1dfe1e0358dULL, 0xe780d721f698e1e6ULL,
    0x280c0b6f753d833bULL, 0x1b942dd5023156abULL, 0x43f0df3fcccb8398ULL, 0xe8e8190585489025ULL,
    0x56bdbf72f77ada22ULL, 0x7911c32bf9dcd705ULL, 0xec467926508fbe67ULL, 0x6a50450ddf85a6edULL,
};
static const uint64_t KAT8_ZEROS[8] = {
    4214787979728720400ULL,  12324939279576102560ULL, 10353596058419792404ULL,
    15456793487362310586ULL, 10065219879212154722ULL, 16227496357546636742ULL,
    2959271128466640042ULL,  14285409611125725709ULL,
};
static const uint64_t KAT8_RANGE[8] = {
    14266028122062624699ULL, 5353147180106052723ULL,  15203350112844181434ULL,
    17630919042639565165ULL, 16601551015858213987ULL, 10184091939013874068ULL,
    16774100645754596496ULL, 12047415603622314780ULL,
};
static const uint64_t KAT8_RANDOM_IN[8] = {
    5116996373749832116ULL,  8931548647907683339ULL,  17132360229780760684ULL,
    11280040044015983889ULL, 11957737519043010992ULL, 15695650327991256125ULL,
    17604752143022812942ULL, 543194415197607509ULL,
};
static const uint64_t KAT8_RANDOM_OUT[8] = {
    1831346684315917658ULL, 13497752062035433374ULL, 12149460647271516589ULL,
    15656333994315312197ULL, 4671534937670455565ULL, 3140092508031220630ULL,
    4251208148861706881ULL, 6973971209430822232ULL,
};

#endif
