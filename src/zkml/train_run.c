/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Proof of a training run (docs/formats/run.md): T chained step proofs from
 * the base model commitment C_0 to the released commitment C_T. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prove_train_internal.h"
#include "train_bind_internal.h"
#include "zkml_internal.h"

static const uint8_t RUN_MAGIC[8] = {'Z', 'P', 'R', 'U', 'N', '0', '0', '1'};
#define RUN_VERSION 2u /* 2: linked steps (W_before opened from C_t) */
#define RUN_VERSION_BOUND 3u /* 3: + the records bound to the dataset (bind proof) */
#define RUN_MID_OPENINGS 2u /* C_t, 0 < t < T: as W_after (0), as W_before (1) */
#define RUN_BEFORE_INDEX 1u /* the opening of C_t that step t reads W_before by */

static void put32(zp_bytes *b, uint32_t v) {
    uint8_t t[4];
    zp_store32_le(t, v);
    zp_bytes_append(b, t, 4);
}
static void put64(zp_bytes *b, uint64_t v) {
    uint8_t t[8];
    zp_store64_le(t, v);
    zp_bytes_append(b, t, 8);
}
static void hput32(zp_sha256_ctx *h, uint32_t v) {
    uint8_t t[4];
    zp_store32_le(t, v);
    zp_sha256_update(h, t, 4);
}
static void hput64(zp_sha256_ctx *h, uint64_t v) {
    uint8_t t[8];
    zp_store64_le(t, v);
    zp_sha256_update(h, t, 8);
}

void zp_train_config_digest(uint8_t out[32], const zp_train_config *cfg) {
    zp_sha256_ctx h;
    zp_sha256_init(&h);
    static const char dom[] = "zkprov-v1/train-config";
    zp_sha256_update(&h, dom, sizeof dom); /* with the NUL */
    hput32(&h, cfg->n_layers);
    for (unsigned l = 0; l <= cfg->n_layers && l <= ZP_ZKML_MAX_LAYERS; l++)
        hput32(&h, cfg->dims[l]);
    const uint32_t f[] = {cfg->act_scale,  cfg->act_bits,  cfg->weight_scale,
                          cfg->weight_bits, cfg->grad_scale, cfg->grad_bits,
                          cfg->exp_scale,  cfg->exp_domain_bits, (uint32_t)cfg->loss};
    for (size_t i = 0; i < sizeof f / sizeof *f; i++) hput32(&h, f[i]);
    hput64(&h, (uint64_t)cfg->lr_num);
    hput32(&h, cfg->lr_shift);
    hput64(&h, (uint64_t)cfg->mom_num);
    hput32(&h, cfg->mom_shift);
    hput32(&h, cfg->batch_size);
    hput64(&h, cfg->steps);
    hput32(&h, cfg->epochs);
    hput32(&h, (uint32_t)cfg->init);
    zp_sha256_update(&h, cfg->init_seed, ZP_ZKML_SEED_BYTES);
    zp_sha256_final(&h, out);
}

void zp_train_run_seed(uint8_t seed[ZP_ZKML_SEED_BYTES], const uint8_t (*ds_digests)[32],
                       size_t n_ds, const uint8_t base[ZP_MODEL_DIGEST_BYTES],
                       const uint8_t config_digest[32], uint64_t n_records) {
    zp_sha256_ctx h;
    zp_sha256_init(&h);
    static const char dom[] = "zkprov-v1/run/sampler";
    zp_sha256_update(&h, dom, sizeof dom);
    hput32(&h, (uint32_t)n_ds);
    for (size_t i = 0; i < n_ds; i++) zp_sha256_update(&h, ds_digests[i], 32);
    zp_sha256_update(&h, base, ZP_MODEL_DIGEST_BYTES);
    zp_sha256_update(&h, config_digest, 32);
    hput64(&h, n_records);
    zp_sha256_final(&h, seed);
}

static zp_err mlp_copy(zp_mlp *dst, const zp_mlp *src, const zp_train_config *cfg) {
    zp_err e = zp_mlp_alloc(dst, cfg);
    if (e != ZP_OK) return e;
    for (unsigned l = 0; l < cfg->n_layers; l++) {
        memcpy(dst->w[l], src->w[l], (size_t)cfg->dims[l] * cfg->dims[l + 1] * sizeof(int64_t));
        memcpy(dst->b[l], src->b[l], (size_t)cfg->dims[l + 1] * sizeof(int64_t));
    }
    return ZP_OK;
}

static void put_commit(zp_bytes *b, const zp_model_commit *mc, zp_err *e) {
    char *js = NULL;
    size_t jl = 0;
    if (*e != ZP_OK) return;
    *e = zp_model_commit_to_json(&js, &jl, mc);
    if (*e != ZP_OK) return;
    put32(b, (uint32_t)jl);
    zp_bytes_append(b, js, jl);
    free(js);
}

static int run_tamper;
void zp_train_run_set_tamper(int mode) { run_tamper = mode; }

/* The run (rec NULL: version 2, records not bound; else version 3 with
 * the bind proof of docs/spec/train-step.md section 7). */
static zp_err run_prove(uint8_t **run, size_t *run_len, zp_model_prover **final,
                        const zp_train_config *cfg, const zp_mlp *base, const zp_fxdata *ds,
                        const uint8_t (*ds_digests)[32], size_t n_ds, unsigned base_openings,
                        unsigned final_openings, int reveal_base,
                        void (*progress)(void *ctx, uint64_t done, uint64_t total),
                        void *progress_ctx, const zp_rng *rng, const zp_run_records *rec) {
    if (run) *run = NULL;
    if (run_len) *run_len = 0;
    if (final) *final = NULL;
    if (!run || !run_len || !cfg || !base || !ds || (n_ds && !ds_digests) ||
        n_ds > ZP_ZKML_MAX_DATASETS || ds->n == 0)
        return ZP_ERR_ARG;
    /* a bound run rests on ONE certified dataset whose records are ds's */
    if (rec && (n_ds != 1 || !rec->ds || !rec->pcs || !rec->evals ||
                zp_train_dataset_check(rec->ds) != ZP_OK || rec->ds->n_records != ds->n))
        return ZP_ERR_ARG;
    if (zp_train_config_check(cfg, NULL) != ZP_OK) return ZP_ERR_ARG;
    const uint64_t T = zp_train_config_n_steps(cfg, ds->n);
    if (T < 1 || T > ZP_RUN_MAX_STEPS || cfg->batch_size > ds->n) return ZP_ERR_ARG;
    const uint32_t B = cfg->batch_size;
    zp_rng r0;
    if (rng) r0 = *rng;
    else if (zp_rng_init_os(&r0) != ZP_OK) return ZP_ERR_INTERNAL;
    uint8_t cdig[32], seed[ZP_ZKML_SEED_BYTES], before[ZP_MODEL_DIGEST_BYTES];
    zp_train_config_digest(cdig, cfg);
    zp_mlp cur, nxt;
    memset(&cur, 0, sizeof cur);
    memset(&nxt, 0, sizeof nxt);
    zp_trainer *tr = NULL;
    zp_model_prover *mp = NULL, *np = NULL;
    /* a bound run samples every batch first: the record layout holds them
     * all and is committed before the first step proof */
    uint32_t *idx = malloc((rec ? T : 1) * B * sizeof *idx);
    zp_train_bind *bd = NULL;
    zp_bytes hdr, cm, pf, bs, bp;
    zp_bytes_init(&bp);
    zp_bytes_init(&bs);
    zp_bytes_init(&hdr);
    zp_bytes_init(&cm);
    zp_bytes_init(&pf);
    zp_err e = idx ? mlp_copy(&cur, base, cfg) : ZP_ERR_NOMEM;
    if (e == ZP_OK) e = zp_trainer_new(&tr, cfg);
    zp_rng child;
    if (e == ZP_OK) {
        zp_rng_derive(&child, &r0, "zkprov-v1/run/commit");
        /* step 0 reads W_before from C_0 at opening 1 */
        e = zp_model_commit_create(&mp, cfg, &cur, base_openings == 1 ? 2 : base_openings,
                                   &child);
    }
    if (e == ZP_OK) {
        memcpy(before, mp->pub.digest, sizeof before);
        zp_train_run_seed(seed, ds_digests, n_ds, before, cdig, ds->n);
        put_commit(&cm, &mp->pub, &e);
        uint8_t *sec = NULL;
        size_t sl = 0;
        if (e == ZP_OK && reveal_base) e = zp_model_secret_export(&sec, &sl, mp);
        if (e == ZP_OK) {
            put32(&bs, (uint32_t)sl);
            zp_bytes_append(&bs, sec, sl);
        }
        zp_model_secret_free(sec, sl);
    }
    for (uint64_t t = 0; rec && t < T && e == ZP_OK; t++)
        e = zp_sampler_batch(seed, t, B, ds->n, idx + t * B);
    if (rec && e == ZP_OK && run_tamper == 1) idx[0] = (uint32_t)((idx[0] + 1) % ds->n);
    if (rec && e == ZP_OK) {
        zp_rng_derive(&child, &r0, "zkprov-v1/run/bind");
        e = zp_train_bind_begin(&bd, rec->ds, rec->index, T, B, idx, ZP_TRAIN_REC_CLAIMS,
                                rec->pcs, rec->evals, &bp, NULL, 0, &child);
    }
    for (uint64_t t = 0; t < T && e == ZP_OK; t++) {
        uint32_t *bidx = rec ? idx + t * B : idx;
        if (!rec) e = zp_sampler_batch(seed, t, B, ds->n, idx);
        if (e == ZP_OK) e = mlp_copy(&nxt, &cur, cfg);
        if (e == ZP_OK) e = zp_trainer_step(tr, &nxt, ds, bidx, B, NULL);
        if (e == ZP_OK) {
            /* with momentum, C_{t+1} (t + 1 < T) also holds the velocity
             * M_{t+1} that step t + 1 reads (docs/spec/train-step.md 2.6) */
            zp_mlp vel;
            memset(&vel, 0, sizeof vel);
            vel.n_layers = cfg->n_layers;
            for (unsigned l = 0; l <= cfg->n_layers; l++) vel.dims[l] = cfg->dims[l];
            for (unsigned l = 0; l < cfg->n_layers; l++) {
                vel.w[l] = tr->mw[l];
                vel.b[l] = tr->mb[l];
            }
            zp_rng_derive(&child, &r0, "zkprov-v1/run/commit");
            e = zp_model_commit_create_v(&np, cfg, &nxt, cfg->mom_num && t + 1 < T ? &vel : NULL,
                                         t + 1 == T ? final_openings : RUN_MID_OPENINGS, &child);
        }
        uint8_t *p = NULL;
        size_t pl = 0;
        zp_train_rec rr;
        memset(&rr, 0, sizeof rr);
        if (e == ZP_OK && rec) {
            rr.ds = rec->ds;
            rr.root = zp_train_bind_root(bd);
            e = zp_train_bind_block(bd, t, &rr.ext, &rr.offset, &rr.mask_offset, &rr.log_size);
        }
        if (e == ZP_OK) {
            zp_rng_derive(&child, &r0, "zkprov-v1/run/step");
            e = zp_train_step_prove_linked_r(&p, &pl, cfg, mp, RUN_BEFORE_INDEX, np, 0, ds, t,
                                             bidx, B, &child, ZP_TRAIN_HONEST, &cur, NULL,
                                             rec ? &rr : NULL);
        }
        if (e == ZP_OK && rec) e = zp_train_bind_step_claims(bd, t, rr.claims, rr.n_claims);
        if (e == ZP_OK) {
            /* room for every step proof the size of the first, plus 1/32
             * and the run's header, commitments and bind proof ahead of
             * them (the assembly below moves the proofs up in place) */
            if (t == 0) {
                size_t per = 8 + pl, pre = 4096 + bs.len + bp.len + (size_t)(T + 1) * (cm.len + 64);
                /* grown by doubling, the buffer was copied into fresh
                 * pages at every doubling and once more for the header
                 * (100-step train.run bench: 209 000 page faults, 1.30 GB
                 * peak; reserved once: 121 000 and 1.04 GB) */
                if (per <= SIZE_MAX / 2 / T) zp_bytes_reserve(&pf, T * per + T * per / 32 + pre);
            }
            put64(&pf, pl);
            zp_bytes_append(&pf, p, pl);
            zp_train_proof_free(p);
            put_commit(&cm, &np->pub, &e);
            memcpy(before, np->pub.digest, sizeof before);
        }
        zp_mlp_free(&cur);
        cur = nxt;
        memset(&nxt, 0, sizeof nxt);
        /* C_{t+1} is the next step's C_t */
        if (e == ZP_OK) {
            zp_model_prover_free(mp);
            mp = NULL;
            if (t + 1 < T) {
                mp = np;
                np = NULL;
            }
        }
        if (e == ZP_OK && progress) progress(progress_ctx, t + 1, T);
    }
    if (e == ZP_OK && rec) e = zp_train_bind_finish(bd);
    if (e == ZP_OK) {
        zp_bytes_append(&hdr, RUN_MAGIC, sizeof RUN_MAGIC);
        put32(&hdr, rec ? RUN_VERSION_BOUND : RUN_VERSION);
        zp_bytes_append(&hdr, cdig, 32);
        put32(&hdr, (uint32_t)n_ds);
        for (size_t i = 0; i < n_ds; i++) zp_bytes_append(&hdr, ds_digests[i], 32);
        put64(&hdr, ds->n);
        put32(&hdr, B);
        put64(&hdr, T);
        if (rec) put32(&hdr, rec->index);
        zp_bytes_append(&hdr, cm.data, cm.len);
        zp_bytes_append(&hdr, bs.data, bs.len);
        if (rec) {
            put64(&hdr, bp.len);
            zp_bytes_append(&hdr, bp.data, bp.len);
        }
        /* run = hdr || pf: the step proofs move up in their own buffer
         * (reserved with room for hdr), not copied into fresh pages */
        if (!hdr.failed && !pf.failed && hdr.len <= SIZE_MAX - pf.len) {
            zp_bytes_reserve(&pf, pf.len + hdr.len);
            if (!pf.failed) {
                if (pf.len) memmove(pf.data + hdr.len, pf.data, pf.len);
                memcpy(pf.data, hdr.data, hdr.len);
                pf.len += hdr.len;
            }
        } else {
            pf.failed = 1;
        }
        if (hdr.failed || cm.failed || pf.failed || bs.failed || bp.failed) e = ZP_ERR_NOMEM;
    }
    zp_train_bind_free(bd);
    zp_bytes_free(&bp);
    if (bs.data) zp_memzero(bs.data, bs.len);
    zp_bytes_free(&bs);
    zp_bytes_free(&cm);
    if (hdr.data) zp_memzero(hdr.data, hdr.len); /* a copy of bs */
    zp_bytes_free(&hdr);
    zp_mlp_free(&cur);
    zp_mlp_free(&nxt);
    zp_trainer_free(tr);
    zp_model_prover_free(mp);
    free(idx);
    zp_memzero(&r0, sizeof r0);
    zp_memzero(&child, sizeof child);
    if (e != ZP_OK) {
        zp_model_prover_free(np);
        zp_bytes_free(&pf);
        return e;
    }
    if (final) *final = np;
    else zp_model_prover_free(np);
    *run = pf.data;
    *run_len = pf.len;
    return ZP_OK;
}

zp_err zp_train_run_prove(uint8_t **run, size_t *run_len, zp_model_prover **final,
                          const zp_train_config *cfg, const zp_mlp *base, const zp_fxdata *ds,
                          const uint8_t (*ds_digests)[32], size_t n_ds,
                          unsigned base_openings, unsigned final_openings, int reveal_base,
                          void (*progress)(void *ctx, uint64_t done, uint64_t total),
                          void *progress_ctx, const zp_rng *rng) {
    return run_prove(run, run_len, final, cfg, base, ds, ds_digests, n_ds, base_openings,
                     final_openings, reveal_base, progress, progress_ctx, rng, NULL);
}

zp_err zp_train_run_prove_bound(uint8_t **run, size_t *run_len, zp_model_prover **final,
                                const zp_train_config *cfg, const zp_mlp *base,
                                const zp_fxdata *ds, const uint8_t ds_digest[32],
                                const zp_run_records *rec, unsigned base_openings,
                                unsigned final_openings, int reveal_base,
                                void (*progress)(void *ctx, uint64_t done, uint64_t total),
                                void *progress_ctx, const zp_rng *rng) {
    if (run) *run = NULL;
    if (run_len) *run_len = 0;
    if (final) *final = NULL;
    if (!ds_digest || !rec) return ZP_ERR_ARG;
    return run_prove(run, run_len, final, cfg, base, ds, (const uint8_t (*)[32])ds_digest, 1,
                     base_openings, final_openings, reveal_base, progress, progress_ctx, rng,
                     rec);
}

/* ---- verifier ---- */

typedef struct {
    const uint8_t *p;
    size_t len, pos;
} rd_t;

static int get(rd_t *r, void *out, size_t n) {
    if (r->len - r->pos < n) return 0;
    memcpy(out, r->p + r->pos, n);
    r->pos += n;
    return 1;
}
static int get32(rd_t *r, uint32_t *v) {
    uint8_t t[4];
    if (!get(r, t, 4)) return 0;
    *v = zp_load32_le(t);
    return 1;
}
static int get64(rd_t *r, uint64_t *v) {
    uint8_t t[8];
    if (!get(r, t, 8)) return 0;
    *v = zp_load64_le(t);
    return 1;
}

static zp_err fail(char *err, zp_err e, const char *msg, uint64_t t) {
    if (err) snprintf(err, ZP_ZKML_ERR_BYTES, msg, (unsigned long long)t);
    return e;
}

static int arch_ok(const zp_model_commit *mc, const zp_train_config *cfg) {
    zp_train_config c;
    zp_model_commit_info(mc, NULL, &c, NULL);
    int ok = c.n_layers == cfg->n_layers && c.act_scale == cfg->act_scale &&
             c.act_bits == cfg->act_bits && c.weight_scale == cfg->weight_scale &&
             c.weight_bits == cfg->weight_bits;
    for (unsigned l = 0; ok && l <= cfg->n_layers; l++) ok = c.dims[l] == cfg->dims[l];
    zp_train_config_free(&c);
    return ok;
}

/* The revealed secret of C_0 (docs/formats/run.md, "Base model"): it must
 * rebuild C_0, and hold exactly base's weights when base is given. */
static zp_err check_base(int *checked, char *err, const zp_model_commit *c0,
                         const zp_train_config *cfg, const zp_mlp *base, const uint8_t *sec,
                         size_t sl) {
    *checked = 0;
    if (sl == 0)
        return base ? fail(err, ZP_ERR_VERIFY, "the base model is not revealed", 0) : ZP_OK;
    zp_model_prover *p0 = NULL;
    char me[ZP_ZKML_ERR_BYTES];
    zp_err e = zp_model_prover_load(&p0, me, c0, sec, sl);
    if (e != ZP_OK) return fail(err, e == ZP_ERR_NOMEM ? e : ZP_ERR_VERIFY,
                                "the revealed base model does not open C_0", 0);
    const zp_mlp *m = zp_model_prover_mlp(p0);
    for (unsigned l = 0; base && l < cfg->n_layers && e == ZP_OK; l++) {
        if (base->n_layers != cfg->n_layers || base->dims[l] != cfg->dims[l] ||
            base->dims[l + 1] != cfg->dims[l + 1] ||
            memcmp(m->w[l], base->w[l],
                   (size_t)cfg->dims[l] * cfg->dims[l + 1] * sizeof(int64_t)) != 0 ||
            memcmp(m->b[l], base->b[l], (size_t)cfg->dims[l + 1] * sizeof(int64_t)) != 0)
            e = fail(err, ZP_ERR_VERIFY, "C_0 is not the config's base model", 0);
    }
    zp_model_prover_free(p0);
    if (e == ZP_OK && base) *checked = 1;
    return e;
}

/* The verifier (tds NULL: a version-2 run; else a version-3 run bound to
 * the dataset tds, n_ds = 1). */
static zp_err run_verify(zp_run_info *info, zp_model_commit **final, char *err,
                         const zp_train_config *cfg, const zp_mlp *base,
                         const uint8_t (*ds_digests)[32], size_t n_ds, uint64_t n_records,
                         const uint8_t *run, size_t len, const zp_train_dataset *tds) {
    if (final) *final = NULL;
    if (info) memset(info, 0, sizeof *info);
    if (err) err[0] = 0;
    if (!cfg || !run || (n_ds && !ds_digests) || n_ds > ZP_ZKML_MAX_DATASETS)
        return fail(err, ZP_ERR_ARG, "bad arguments", 0);
    if (zp_train_config_check(cfg, NULL) != ZP_OK)
        return fail(err, ZP_ERR_ARG, "the config fails its checks", 0);
    rd_t r = {run, len, 0};
    uint8_t magic[8], cdig[32], mydig[32], d[32];
    uint32_t ver, nd, B;
    uint64_t nrec, T;
    if (!get(&r, magic, 8) || memcmp(magic, RUN_MAGIC, 8) != 0 || !get32(&r, &ver) ||
        (ver != RUN_VERSION && ver != RUN_VERSION_BOUND) || !get(&r, cdig, 32) ||
        !get32(&r, &nd))
        return fail(err, ZP_ERR_PARSE, "not a run proof (magic or version)", 0);
    if (ver == RUN_VERSION_BOUND && !tds)
        return fail(err, ZP_ERR_ARG, "the run binds its records to the dataset commitment: "
                                     "verify it with that commitment", 0);
    if (ver == RUN_VERSION && tds)
        return fail(err, ZP_ERR_VERIFY, "the run does not bind its records to the dataset "
                                        "commitment (a version-2 run)", 0);
    zp_train_config_digest(mydig, cfg);
    if (memcmp(mydig, cdig, 32) != 0)
        return fail(err, ZP_ERR_VERIFY, "the run names another config digest", 0);
    if (nd != n_ds) return fail(err, ZP_ERR_VERIFY, "the run names %llu dataset(s)", nd);
    for (uint32_t i = 0; i < nd; i++) {
        if (!get(&r, d, 32)) return fail(err, ZP_ERR_PARSE, "truncated", 0);
        if (memcmp(d, ds_digests[i], 32) != 0)
            return fail(err, ZP_ERR_VERIFY, "dataset certificate %llu differs", i);
    }
    if (!get64(&r, &nrec) || !get32(&r, &B) || !get64(&r, &T))
        return fail(err, ZP_ERR_PARSE, "truncated", 0);
    if (nrec != n_records)
        return fail(err, ZP_ERR_VERIFY, "the run names %llu records", nrec);
    if (B != cfg->batch_size || B < 1 || B > n_records)
        return fail(err, ZP_ERR_VERIFY, "batch size %llu differs from the config", B);
    if (T != zp_train_config_n_steps(cfg, n_records) || T < 1 || T > ZP_RUN_MAX_STEPS)
        return fail(err, ZP_ERR_VERIFY, "%llu steps, not the config's", T);
    uint32_t dj = 0;
    if (tds) {
        if (!get32(&r, &dj)) return fail(err, ZP_ERR_PARSE, "truncated", 0);
        if (tds->n_records != n_records)
            return fail(err, ZP_ERR_VERIFY, "the dataset commitment holds %llu records",
                        tds->n_records);
        if (dj >= (tds->pp.max_openings ? tds->pp.max_openings : 1))
            return fail(err, ZP_ERR_VERIFY, "dataset opening %llu is out of range", dj);
    }
    zp_model_commit **mc = calloc(T + 1, sizeof *mc);
    uint32_t *idx = malloc((tds ? T : 1) * B * sizeof *idx);
    zp_train_bind *bd = NULL;
    zp_err e = mc && idx ? ZP_OK : ZP_ERR_NOMEM;
    for (uint64_t t = 0; t <= T && e == ZP_OK; t++) {
        uint32_t jl;
        if (!get32(&r, &jl) || r.len - r.pos < jl) {
            e = fail(err, ZP_ERR_PARSE, "truncated commitment C_%llu", t);
            break;
        }
        char me[ZP_ZKML_ERR_BYTES];
        e = zp_model_commit_from_json(&mc[t], me, (const char *)r.p + r.pos, jl);
        r.pos += jl;
        if (e != ZP_OK) e = fail(err, e, "commitment C_%llu does not parse", t);
        else if (!arch_ok(mc[t], cfg))
            e = fail(err, ZP_ERR_VERIFY, "commitment C_%llu: other architecture", t);
        /* momentum buffers exactly in C_1 .. C_{T-1} of a momentum run:
         * C_0 starts from zero velocity, C_T is a plain model */
        else if ((mc[t]->lay.velocity != 0) != (cfg->mom_num && t > 0 && t < T))
            e = fail(err, ZP_ERR_VERIFY, "commitment C_%llu: momentum buffers misplaced", t);
    }
    int base_checked = 0;
    if (e == ZP_OK) {
        uint32_t sl;
        if (!get32(&r, &sl) || r.len - r.pos < sl) e = fail(err, ZP_ERR_PARSE, "truncated", 0);
        else e = check_base(&base_checked, err, mc[0], cfg, base, r.p + r.pos, sl);
        if (e == ZP_OK) r.pos += sl;
    }
    uint8_t seed[ZP_ZKML_SEED_BYTES], before[ZP_MODEL_DIGEST_BYTES];
    if (e == ZP_OK) {
        zp_model_commit_info(mc[0], before, NULL, NULL);
        zp_train_run_seed(seed, ds_digests, n_ds, before, cdig, n_records);
    }
    for (uint64_t t = 0; tds && t < T && e == ZP_OK; t++)
        e = zp_sampler_batch(seed, t, B, n_records, idx + t * B);
    if (tds && e == ZP_OK) {
        /* the bind proof: the record layout's root first (every step
         * absorbs it), its run pass after the steps */
        uint64_t bl;
        if (!get64(&r, &bl) || r.len - r.pos < bl) {
            e = fail(err, ZP_ERR_PARSE, "truncated bind proof", 0);
        } else {
            e = zp_train_bind_begin(&bd, tds, dj, T, B, idx, ZP_TRAIN_REC_CLAIMS, NULL, NULL,
                                    NULL, r.p + r.pos, (size_t)bl, NULL);
            r.pos += bl;
            if (e == ZP_ERR_ARG) e = fail(err, ZP_ERR_ARG, "the dataset commitment does not "
                                                             "fit the run", 0);
            else if (e != ZP_OK) e = fail(err, e == ZP_ERR_NOMEM ? e : ZP_ERR_VERIFY,
                                          "the bind proof does not parse", 0);
        }
    }
    /* The T step proofs: located and given their batches in order, then
     * verified in parallel (each step's verification is independent: its
     * own transcript, the read-only commitments C_t and C_{t+1}), then
     * their deferred record claims handed to the bind proof in order.  The
     * first failing step is reported, whatever the thread count. */
    size_t *spos = e == ZP_OK ? malloc(T * sizeof *spos) : NULL;
    uint64_t *slen = e == ZP_OK ? malloc(T * sizeof *slen) : NULL;
    zp_err *se = e == ZP_OK ? malloc(T * sizeof *se) : NULL;
    zp_train_rec *rrs = e == ZP_OK ? calloc(T, sizeof *rrs) : NULL;
    uint32_t *sidx = e == ZP_OK && !tds ? malloc(T * B * sizeof *sidx) : NULL;
    if (e == ZP_OK && (!spos || !slen || !se || !rrs || (!tds && !sidx))) e = ZP_ERR_NOMEM;
    for (uint64_t t = 0; t < T && e == ZP_OK; t++) {
        uint64_t pl;
        if (!get64(&r, &pl) || r.len - r.pos < pl) {
            e = fail(err, ZP_ERR_PARSE, "truncated step proof %llu", t);
            break;
        }
        spos[t] = r.pos;
        slen[t] = pl;
        r.pos += pl;
        if (!tds) e = zp_sampler_batch(seed, t, B, n_records, sidx + t * B);
        if (e == ZP_OK && tds) {
            rrs[t].ds = tds;
            rrs[t].root = zp_train_bind_root(bd);
            e = zp_train_bind_block(bd, t, &rrs[t].ext, &rrs[t].offset, &rrs[t].mask_offset,
                                    &rrs[t].log_size);
        }
        if (e != ZP_OK) e = fail(err, e, "step %llu does not verify", t);
    }
    if (e == ZP_OK) {
        const long long nT = (long long)T;
#pragma omp parallel for schedule(dynamic, 1)
        for (long long q = 0; q < nT; q++) {
            const uint64_t t = (uint64_t)q;
            se[t] = zp_train_step_verify_linked_r(cfg, mc[t], RUN_BEFORE_INDEX, mc[t + 1], 0, t,
                                                  tds ? idx + t * B : sidx + t * B, B,
                                                  r.p + spos[t], (size_t)slen[t],
                                                  tds ? &rrs[t] : NULL);
        }
    }
    for (uint64_t t = 0; t < T && e == ZP_OK; t++) {
        e = se[t];
        if (e == ZP_OK && tds)
            e = zp_train_bind_step_claims(bd, t, rrs[t].claims, rrs[t].n_claims);
        if (e != ZP_OK) e = fail(err, e, "step %llu does not verify", t);
        else zp_model_commit_info(mc[t + 1], before, NULL, NULL);
    }
    free(spos);
    free(slen);
    free(se);
    free(rrs);
    free(sidx);
    if (e == ZP_OK && tds) {
        e = zp_train_bind_finish(bd);
        if (e != ZP_OK)
            e = fail(err, e == ZP_ERR_NOMEM ? e : ZP_ERR_VERIFY,
                     "the bind proof does not verify: the batch records are not the certified "
                     "dataset's rows", 0);
    }
    zp_train_bind_free(bd);
    if (e == ZP_OK && r.pos != r.len) e = fail(err, ZP_ERR_PARSE, "trailing bytes", 0);
    if (e == ZP_OK && info) {
        info->n_steps = T;
        info->n_records = n_records;
        info->batch_size = B;
        memcpy(info->config_digest, cdig, 32);
        zp_model_commit_info(mc[0], info->base_digest, NULL, NULL);
        zp_model_commit_info(mc[T], info->final_digest, NULL, NULL);
        memcpy(info->sampler_seed, seed, sizeof seed);
        info->n_datasets = n_ds;
        info->base_checked = base_checked;
        info->records_bound = tds != NULL;
        info->ds_index = dj;
        info->ds_openings = tds ? (tds->pp.max_openings ? tds->pp.max_openings : 1) : 0;
    }
    if (e == ZP_OK && final) {
        *final = mc[T];
        mc[T] = NULL;
    }
    for (uint64_t t = 0; mc && t <= T; t++) zp_model_commit_free(mc[t]);
    free(mc);
    free(idx);
    return e;
}

zp_err zp_train_run_verify(zp_run_info *info, zp_model_commit **final, char err[ZP_ZKML_ERR_BYTES],
                           const zp_train_config *cfg, const zp_mlp *base,
                           const uint8_t (*ds_digests)[32], size_t n_ds, uint64_t n_records,
                           const uint8_t *run, size_t len) {
    return run_verify(info, final, err, cfg, base, ds_digests, n_ds, n_records, run, len, NULL);
}

zp_err zp_train_run_verify_bound(zp_run_info *info, zp_model_commit **final,
                                 char err[ZP_ZKML_ERR_BYTES], const zp_train_config *cfg,
                                 const zp_mlp *base, const uint8_t ds_digest[32],
                                 const zp_train_dataset *tds, const uint8_t *run, size_t len) {
    if (final) *final = NULL;
    if (info) memset(info, 0, sizeof *info);
    if (err) err[0] = 0;
    if (!ds_digest || !tds || zp_train_dataset_check(tds) != ZP_OK)
        return fail(err, ZP_ERR_ARG, "bad dataset description", 0);
    return run_verify(info, final, err, cfg, base, (const uint8_t (*)[32])ds_digest, 1,
                      tds->n_records, run, len, tds);
}

zp_err zp_train_run_header(zp_run_header *h, char err[ZP_ZKML_ERR_BYTES], const uint8_t *run,
                           size_t len) {
    if (err) err[0] = 0;
    if (!h || !run) return fail(err, ZP_ERR_ARG, "bad arguments", 0);
    memset(h, 0, sizeof *h);
    rd_t r = {run, len, 0};
    uint8_t magic[8];
    uint32_t ver, nd;
    if (!get(&r, magic, 8) || memcmp(magic, RUN_MAGIC, 8) != 0 || !get32(&r, &ver) ||
        (ver != RUN_VERSION && ver != RUN_VERSION_BOUND) || !get(&r, h->config_digest, 32) ||
        !get32(&r, &nd))
        return fail(err, ZP_ERR_PARSE, "not a run proof (magic or version)", 0);
    if (nd > ZP_ZKML_MAX_DATASETS)
        return fail(err, ZP_ERR_PARSE, "%llu dataset certificates (too many)", nd);
    h->n_datasets = nd;
    for (uint32_t i = 0; i < nd; i++)
        if (!get(&r, h->ds_digests[i], 32)) return fail(err, ZP_ERR_PARSE, "truncated", 0);
    if (!get64(&r, &h->n_records) || !get32(&r, &h->batch_size) || !get64(&r, &h->n_steps))
        return fail(err, ZP_ERR_PARSE, "truncated", 0);
    if (h->n_steps < 1 || h->n_steps > ZP_RUN_MAX_STEPS)
        return fail(err, ZP_ERR_PARSE, "%llu steps (out of range)", h->n_steps);
    h->records_bound = ver == RUN_VERSION_BOUND;
    if (h->records_bound && (nd != 1 || !get32(&r, &h->ds_index)))
        return fail(err, ZP_ERR_PARSE, "a bound run names one dataset and its opening", 0);
    for (uint64_t t = 0; t <= h->n_steps; t++) {
        uint32_t jl;
        if (!get32(&r, &jl) || r.len - r.pos < jl)
            return fail(err, ZP_ERR_PARSE, "truncated commitment C_%llu", t);
        if (t == h->n_steps) {
            zp_model_commit *mc = NULL;
            char me[ZP_ZKML_ERR_BYTES];
            zp_err e = zp_model_commit_from_json(&mc, me, (const char *)r.p + r.pos, jl);
            if (e != ZP_OK)
                return fail(err, e == ZP_ERR_NOMEM ? e : ZP_ERR_PARSE,
                            "commitment C_%llu does not parse", t);
            zp_model_commit_info(mc, h->final_digest, NULL, NULL);
            zp_model_commit_free(mc);
        }
        r.pos += jl;
    }
    return ZP_OK;
}
