/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * `zkprov authority keygen|show` and `zkprov dataset certify|verify`: a thin
 * shell over src/prov/keys.c and src/prov/cert.c (docs/formats/keys.md,
 * docs/formats/certificate.md).  Exit codes: 0 accept, 1 reject, 2 usage or
 * I/O error. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "cli/cli.h"
#include "prov/cert_internal.h"
#include "zkprov/prov.h"
#include "zkprov/verify.h"

enum { EX_OK = 0, EX_REJECT = 1, EX_USAGE = 2 };

static void hexline(FILE *f, const uint8_t *b, size_t n) {
    for (size_t i = 0; i < n; i++) fprintf(f, "%02x", b[i]);
}

/* ---------------- zkprov authority ---------------- */

static void usage_authority(FILE *f) {
    fprintf(f,
            "usage: zkprov authority <verb> ...\n"
            "  keygen NAME [--force]\n"
            "      make an Ed25519 data-authority key: NAME.key (secret, mode 0600) and\n"
            "      NAME.pub (public); never overwrites without --force\n"
            "  show FILE [--json]\n"
            "      check a key file (NAME.key or NAME.pub) and print its key id\n");
}

static int cmd_keygen(int argc, char **argv) {
    const char *name = NULL;
    int force = 0;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--force")) force = 1;
        else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "zkprov authority keygen: unknown option '%s'\n", argv[i]);
            return EX_USAGE;
        } else if (name) {
            fprintf(stderr, "zkprov authority keygen: more than one NAME\n");
            return EX_USAGE;
        } else name = argv[i];
    }
    if (!name || !*name) {
        fprintf(stderr, "usage: zkprov authority keygen NAME [--force]\n");
        return EX_USAGE;
    }
    uint8_t pk[ZP_AUTH_PUBLICKEYBYTES], id[ZP_AUTH_KEY_ID_BYTES];
    char err[ZP_CERT_ERR_BYTES] = "";
    zp_err e = zp_auth_keygen_files(pk, err, name, force);
    if (e != ZP_OK) {
        fprintf(stderr, "zkprov: %s%s\n", err[0] ? err : zp_strerror(e),
                e == ZP_ERR_ARG && !force ? "; use --force to replace it" : "");
        return EX_USAGE;
    }
    zp_auth_key_id(id, pk);
    printf("wrote %s.key (secret, mode 0600) and %s.pub\nkey id ", name, name);
    hexline(stdout, id, sizeof id);
    printf("\n");
    return EX_OK;
}

static int cmd_show(int argc, char **argv) {
    const char *file = NULL;
    int json = 0;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--json")) json = 1;
        else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "zkprov authority show: unknown option '%s'\n", argv[i]);
            return EX_USAGE;
        } else if (file) {
            fprintf(stderr, "zkprov authority show: more than one FILE\n");
            return EX_USAGE;
        } else file = argv[i];
    }
    if (!file) {
        fprintf(stderr, "usage: zkprov authority show FILE [--json]\n");
        return EX_USAGE;
    }
    uint8_t pk[ZP_AUTH_PUBLICKEYBYTES], sk[ZP_AUTH_SECRETKEYBYTES], id[ZP_AUTH_KEY_ID_BYTES];
    char err[ZP_CERT_ERR_BYTES] = "", err2[ZP_CERT_ERR_BYTES] = "";
    const char *kind = "public";
    zp_err e = zp_auth_public_load(pk, err, file);
    if (e == ZP_ERR_PARSE) {
        zp_err e2 = zp_auth_secret_load(sk, err2, file);
        if (e2 == ZP_OK) {
            memcpy(pk, sk + 32, sizeof pk);
            kind = "secret";
            e = ZP_OK;
        } else if (strstr(err, "type is not") && !strstr(err2, "type is not")) {
            memcpy(err, err2, sizeof err);
        }
        zp_memzero(sk, sizeof sk);
    }
    if (e != ZP_OK) {
        fprintf(stderr, "zkprov: %s%s%s\n", e == ZP_ERR_IO ? "" : file,
                e == ZP_ERR_IO ? "" : ": ", err[0] ? err : zp_strerror(e));
        return e == ZP_ERR_IO ? EX_USAGE : EX_REJECT;
    }
    zp_auth_key_id(id, pk);
    if (json) {
        printf("{\"kind\":\"%s\",\"key_id\":\"", kind);
        hexline(stdout, id, sizeof id);
        printf("\"}\n");
    } else {
        printf("%s key, key id ", kind);
        hexline(stdout, id, sizeof id);
        printf("\n");
    }
    return EX_OK;
}

int cmd_authority_main(int argc, char **argv) {
    if (argc < 1) {
        usage_authority(stderr);
        return EX_USAGE;
    }
    if (!strcmp(argv[0], "help") || !strcmp(argv[0], "-h") || !strcmp(argv[0], "--help")) {
        usage_authority(stdout);
        return EX_OK;
    }
    if (!strcmp(argv[0], "keygen")) return cmd_keygen(argc - 1, argv + 1);
    if (!strcmp(argv[0], "show")) return cmd_show(argc - 1, argv + 1);
    fprintf(stderr, "zkprov: unknown command 'authority %s'\n", argv[0]);
    usage_authority(stderr);
    return EX_USAGE;
}

/* ---------------- zkprov dataset certify ---------------- */

static const char certify_usage[] =
    "usage: zkprov dataset certify DS.commit --key NAME.key --license SPDX-ID --source TEXT\n"
    "           [--attr KEY=VALUE ...] [--expires DATE] [--name NAME] --out DS.cert [--force]\n"
    "  DATE: YYYY-MM-DD (00:00:00Z of that day) or an RFC 3339 date-time\n";

static const char verify_usage[] =
    "usage: zkprov dataset verify DS.cert --authority NAME.pub [--commit DS.commit]\n"
    "           [--at TIME] [--json]\n"
    "  TIME: YYYY-MM-DD, an RFC 3339 date-time or @SECONDS since the epoch (default: now)\n";

/* The default subject name: the file name of path without ".commit". */
static char *default_name(const char *path) {
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    size_t n = strlen(b);
    if (n > 7 && !strcmp(b + n - 7, ".commit")) n -= 7;
    if (n > ZP_CERT_MAX_NAME) n = ZP_CERT_MAX_NAME;
    char *s = malloc(n + 1);
    if (s) {
        memcpy(s, b, n);
        s[n] = 0;
    }
    return s;
}

static int cmd_certify(int argc, char **argv) {
    const char *ds = NULL, *key = NULL, *license = NULL, *source = NULL, *expires = NULL;
    const char *out = NULL, *name = NULL;
    int force = 0;
    const char *akeys[ZP_CERT_MAX_ATTRS + 1], *avals[ZP_CERT_MAX_ATTRS + 1];
    char *abuf[ZP_CERT_MAX_ATTRS + 1];
    size_t n_attrs = 0;
    int rc = EX_USAGE;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--force")) force = 1;
        else if (!strcmp(a, "--key") && v) key = v, i++;
        else if (!strcmp(a, "--license") && v) license = v, i++;
        else if (!strcmp(a, "--source") && v) source = v, i++;
        else if (!strcmp(a, "--expires") && v) expires = v, i++;
        else if (!strcmp(a, "--out") && v) out = v, i++;
        else if (!strcmp(a, "--name") && v) name = v, i++;
        else if (!strcmp(a, "--attr") && v) {
            i++;
            const char *eq = strchr(v, '=');
            if (!eq || eq == v) {
                fprintf(stderr, "zkprov dataset certify: --attr needs KEY=VALUE, got '%s'\n", v);
                goto done;
            }
            if (n_attrs == ZP_CERT_MAX_ATTRS) {
                fprintf(stderr, "zkprov dataset certify: at most %d attributes\n", ZP_CERT_MAX_ATTRS);
                goto done;
            }
            size_t kl = (size_t)(eq - v);
            char *k = malloc(kl + 1);
            if (!k) {
                fprintf(stderr, "zkprov: out of memory\n");
                goto done;
            }
            memcpy(k, v, kl);
            k[kl] = 0;
            abuf[n_attrs] = k;
            akeys[n_attrs] = k;
            avals[n_attrs++] = eq + 1;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "zkprov dataset certify: unknown or incomplete option '%s'\n", a);
            goto done;
        } else if (ds) {
            fprintf(stderr, "zkprov dataset certify: more than one DS.commit\n");
            goto done;
        } else ds = a;
    }
    if (!ds || !key || !license || !source || !out) {
        fputs(certify_usage, stderr);
        goto done;
    }
    int64_t now = (int64_t)time(NULL), exp_t = 0;
    if (expires) {
        if (zp_time_parse_rfc3339(&exp_t, expires, 1) != ZP_OK) {
            fprintf(stderr, "zkprov dataset certify: --expires '%s' is not YYYY-MM-DD or an "
                            "RFC 3339 date-time\n", expires);
            goto done;
        }
        if (exp_t <= now) {
            fprintf(stderr, "zkprov dataset certify: --expires '%s' is not in the future\n", expires);
            goto done;
        }
    }
    if (zp_cert_license_check(license) != ZP_OK) {
        fprintf(stderr, "zkprov dataset certify: --license '%s' is not an SPDX license id "
                        "(letters, digits, '.', '-', '+'; 'A OR B' expressions)\n", license);
        goto done;
    }
    char err[ZP_CERT_ERR_BYTES] = "";
    char derr[ZP_DS_ERR_BYTES] = "";
    zp_dataset_commit *c = NULL;
    zp_err e = zp_dataset_commit_load(&c, derr, ds);
    if (e != ZP_OK) {
        fprintf(stderr, "zkprov: %s: %s\n", ds, derr[0] ? derr : zp_strerror(e));
        rc = e == ZP_ERR_PARSE || e == ZP_ERR_VERIFY ? EX_REJECT : EX_USAGE;
        goto done;
    }
    uint8_t sk[ZP_AUTH_SECRETKEYBYTES];
    e = zp_auth_secret_load(sk, err, key);
    if (e != ZP_OK) {
        fprintf(stderr, "zkprov: %s%s%s\n", e == ZP_ERR_IO ? "" : key, e == ZP_ERR_IO ? "" : ": ",
                err[0] ? err : zp_strerror(e));
        zp_dataset_commit_free(c);
        goto done;
    }
    char *schema = NULL, *dname = name ? NULL : default_name(ds);
    size_t schema_len = 0;
    e = zp_ds_schema_canonical(&schema, &schema_len, c->schema);
    zp_cert_request req;
    memset(&req, 0, sizeof req);
    req.subject_name = name ? name : dname;
    req.dataset_digest = c->digest;
    req.records = c->n_records;
    req.schema_json = schema;
    req.schema_digest = c->schema_digest;
    req.license = license;
    req.source = source;
    req.n_attrs = n_attrs;
    req.attr_keys = akeys;
    req.attr_values = avals;
    req.issued_at = now;
    req.has_expiry = expires != NULL;
    req.expires_at = exp_t;
    char *cert = NULL;
    size_t cert_len = 0;
    if (e != ZP_OK || !req.subject_name) {
        fprintf(stderr, "zkprov: out of memory\n");
    } else if ((e = zp_cert_issue(&cert, &cert_len, err, &req, sk)) != ZP_OK) {
        fprintf(stderr, "zkprov dataset certify: %s\n", err[0] ? err : zp_strerror(e));
    } else if ((e = zp_cert_write_file(err, out, cert, cert_len, 0644, force)) != ZP_OK) {
        fprintf(stderr, "zkprov: %s%s\n", err,
                e == ZP_ERR_ARG ? "; use --force to replace it" : "");
    } else {
        char ts[21];
        printf("wrote %s: dataset %s, %" PRIu64 " records, license %s%s%s\n", out,
               req.subject_name, req.records, license, expires ? ", expires " : "",
               expires && zp_time_format_rfc3339(ts, exp_t) == ZP_OK ? ts : "");
        if (!zp_cert_license_known(license) && strncmp(license, "LicenseRef-", 11) &&
            !strchr(license, ' '))
            fprintf(stderr, "zkprov: note: '%s' is not in the built-in list of common SPDX ids\n",
                    license);
        rc = EX_OK;
    }
    zp_memzero(sk, sizeof sk);
    free(cert);
    free(schema);
    free(dname);
    zp_dataset_commit_free(c);
done:
    for (size_t i = 0; i < n_attrs; i++) free(abuf[i]);
    return rc;
}

/* ---------------- zkprov dataset verify ---------------- */

static void print_json(const zp_cert_info *ci, const char *cert, int commit_checked) {
    char h[65], t1[21], t2[21];
    cJSON *o = cJSON_CreateObject();
    cJSON *at = NULL;
    if (!o) return;
    cJSON_AddTrueToObject(o, "valid");
    cJSON_AddStringToObject(o, "certificate", cert);
    cJSON_AddStringToObject(o, "subject", ci->subject_name);
    zp_cert_hex_encode(h, ci->dataset_digest.b, 32);
    cJSON_AddStringToObject(o, "dataset_digest", h);
    char rec[24];
    snprintf(rec, sizeof rec, "%" PRIu64, ci->records);
    cJSON_AddRawToObject(o, "records", rec);
    cJSON_AddRawToObject(o, "schema", ci->schema_json);
    zp_cert_hex_encode(h, ci->schema_digest.b, 32);
    cJSON_AddStringToObject(o, "schema_digest", h);
    cJSON_AddStringToObject(o, "license", ci->license);
    cJSON_AddStringToObject(o, "source", ci->source);
    at = cJSON_AddObjectToObject(o, "attributes");
    for (size_t i = 0; at && i < ci->n_attrs; i++)
        cJSON_AddStringToObject(at, ci->attr_keys[i], ci->attr_values[i]);
    zp_cert_hex_encode(h, ci->authority_key_id, 32);
    cJSON_AddStringToObject(o, "authority_key_id", h);
    if (zp_time_format_rfc3339(t1, ci->issued_at) == ZP_OK)
        cJSON_AddStringToObject(o, "issued_at", t1);
    if (ci->has_expiry && zp_time_format_rfc3339(t2, ci->expires_at) == ZP_OK)
        cJSON_AddStringToObject(o, "expires_at", t2);
    else
        cJSON_AddNullToObject(o, "expires_at");
    zp_cert_hex_encode(h, ci->payload_digest.b, 32);
    cJSON_AddStringToObject(o, "certificate_digest", h);
    cJSON_AddBoolToObject(o, "commit_checked", commit_checked);
    char *s = cJSON_PrintUnformatted(o);
    if (s) printf("%s\n", s);
    cJSON_free(s);
    cJSON_Delete(o);
}

static void print_text(const zp_cert_info *ci, const char *cert, const char *commit) {
    char t[21];
    printf("certificate     %s: valid\n", cert);
    printf("dataset         %s\n", ci->subject_name);
    printf("dataset digest  ");
    hexline(stdout, ci->dataset_digest.b, 32);
    printf("\nrecords         %" PRIu64 "\n", ci->records);
    printf("schema digest   ");
    hexline(stdout, ci->schema_digest.b, 32);
    printf("\nlicense         %s\n", ci->license);
    printf("source          %s\n", ci->source);
    for (size_t i = 0; i < ci->n_attrs; i++)
        printf("attribute       %s = %s\n", ci->attr_keys[i], ci->attr_values[i]);
    printf("authority key   ");
    hexline(stdout, ci->authority_key_id, 32);
    printf("\nissued          %s\n", zp_time_format_rfc3339(t, ci->issued_at) == ZP_OK ? t : "?");
    if (ci->has_expiry)
        printf("expires         %s\n", zp_time_format_rfc3339(t, ci->expires_at) == ZP_OK ? t : "?");
    else
        printf("expires         never\n");
    printf("cert digest     ");
    hexline(stdout, ci->payload_digest.b, 32);
    printf("\n");
    if (commit) printf("commitment      %s matches\n", commit);
}

static int cmd_verify(int argc, char **argv) {
    const char *cert = NULL, *auth = NULL, *commit = NULL, *at = NULL;
    int json = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--json")) json = 1;
        else if (!strcmp(a, "--authority") && v) auth = v, i++;
        else if (!strcmp(a, "--commit") && v) commit = v, i++;
        else if (!strcmp(a, "--at") && v) at = v, i++;
        else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "zkprov dataset verify: unknown or incomplete option '%s'\n", a);
            return EX_USAGE;
        } else if (cert) {
            fprintf(stderr, "zkprov dataset verify: more than one DS.cert\n");
            return EX_USAGE;
        } else cert = a;
    }
    if (!cert || !auth) {
        fputs(verify_usage, stderr);
        return EX_USAGE;
    }
    int64_t now = (int64_t)time(NULL);
    if (at) {
        char *end = NULL;
        if (at[0] == '@' && at[1] >= '0' && at[1] <= '9') {
            unsigned long long v = strtoull(at + 1, &end, 10);
            if (*end || v > (unsigned long long)INT64_C(253402300799)) end = NULL;
            else now = (int64_t)v;
        }
        if (!end && zp_time_parse_rfc3339(&now, at, 1) != ZP_OK) {
            fprintf(stderr, "zkprov dataset verify: --at '%s' is not a date, an RFC 3339 "
                            "date-time or @SECONDS\n", at);
            return EX_USAGE;
        }
    }
    zp_cert_info ci;
    char reason[ZP_VERIFY_REASON_BYTES] = "";
    zp_err e = zp_verify_cert_files(&ci, reason, cert, auth, commit, now);
    if (e != ZP_OK) {
        fprintf(stderr, "zkprov: %s\n", reason);
        return cli_exit_code(e);
    }
    if (json) print_json(&ci, cert, commit != NULL);
    else print_text(&ci, cert, commit);
    zp_cert_info_clear(&ci);
    return EX_OK;
}

int cmd_cert_dataset_main(int argc, char **argv) {
    if (argc < 1) return EX_USAGE;
    int help = argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"));
    if (!strcmp(argv[0], "certify")) {
        if (help) {
            fputs(certify_usage, stdout);
            return EX_OK;
        }
        return cmd_certify(argc - 1, argv + 1);
    }
    if (!strcmp(argv[0], "verify")) {
        if (help) {
            fputs(verify_usage, stdout);
            return EX_OK;
        }
        return cmd_verify(argc - 1, argv + 1);
    }
    fprintf(stderr, "zkprov: unknown command 'dataset %s'\n", argv[0]);
    return EX_USAGE;
}
