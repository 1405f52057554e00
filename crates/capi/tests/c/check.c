/* Drives libsop_capi from C, as an embedder would, and prints what it
 * got, one tab-separated line each, for tests/c_program.rs to compare with
 * what `sop eval` computes:
 *
 *   eval      FILE       JSON     sop_evaluate_file_json on FILE's text
 *   send      CASE       JSON     each request the machine asks to send
 *   decision  CASE       JSON     the machine's decision
 *   trace     CASE       JSON     sop_fetch_trace, once the fetch is over
 *   throws    CASE       JSON     the error of a call the script API refuses
 *   error     CASE       TEXT     the error text of a bad input
 *
 * A CASE is "FIXTURE-FILE|SCENARIO NAME|STEP" (STEP is - for a single
 * request): the fixture scenario whose servers the canned answers below
 * copy. It also checks the contract itself (statuses, NULL out-parameters,
 * wrong states), frees everything it is given, and exits 1 when a check
 * fails.
 *
 * Usage: check FIXTURE.json...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sop.h"

static int checks = 0;
static int failures = 0;

#define CHECK(cond)                                                         \
    do {                                                                    \
        checks++;                                                           \
        if (!(cond)) {                                                      \
            failures++;                                                     \
            fprintf(stderr, "check.c:%d: check failed: %s\n", __LINE__,    \
                    #cond);                                                 \
        }                                                                   \
    } while (0)

static char *read_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        perror(path);
        exit(2);
    }
    size_t size = 0, cap = 4096;
    char *text = malloc(cap);
    size_t n;
    while (text != NULL && (n = fread(text + size, 1, cap - size - 1, f)) > 0) {
        size += n;
        if (cap - size - 1 == 0) {
            char *bigger = realloc(text, cap * 2);
            if (bigger == NULL) {
                free(text);
                text = NULL;
                break;
            }
            text = bigger;
            cap *= 2;
        }
    }
    fclose(f);
    if (text == NULL) {
        fprintf(stderr, "%s: out of memory\n", path);
        exit(2);
    }
    text[size] = '\0';
    return text;
}

/* 1. Scenarios in, verdicts out. */
static void evaluate_file(const char *path) {
    char *text = read_file(path);
    char *verdicts = NULL, *error = NULL;
    SopStatus status = sop_evaluate_file_json(text, &verdicts, &error);
    CHECK(status == SOP_STATUS_OK);
    CHECK(error == NULL);
    CHECK(verdicts != NULL && verdicts[0] == '[');
    if (verdicts != NULL) {
        printf("eval\t%s\t%s\n", path, verdicts);
    }
    if (error != NULL) {
        fprintf(stderr, "%s: %s\n", path, error);
    }
    sop_string_free(verdicts);
    sop_string_free(error);
    free(text);
}

static void bad_inputs(void) {
    char *out = NULL, *error = NULL;

    /* Not JSON: the words sop eval gives, and no verdict. */
    SopStatus status = sop_evaluate_json("{\"name\": ", &out, &error);
    CHECK(status == SOP_STATUS_INVALID_INPUT);
    CHECK(out == NULL);
    CHECK(error != NULL && strncmp(error, "<input>: .: not valid JSON", 26) == 0);
    if (error != NULL) {
        printf("error\tnot JSON\t%s\n", error);
    }
    sop_string_free(out);
    sop_string_free(error);

    /* A field the format does not have. */
    status = sop_evaluate_json(
        "{\"name\": \"x\", \"page\": \"https://a.example/\", "
        "\"request\": {\"url\": \"/\", \"mode\": \"corz\"}}",
        &out, &error);
    CHECK(status == SOP_STATUS_INVALID_INPUT);
    CHECK(out == NULL);
    CHECK(error != NULL && strstr(error, "request.mode") != NULL);
    if (error != NULL) {
        printf("error\tbad mode\t%s\n", error);
    }
    sop_string_free(out);
    sop_string_free(error);

    /* Not UTF-8. */
    status = sop_evaluate_json("\"\xff\"", &out, &error);
    CHECK(status == SOP_STATUS_INVALID_UTF8);
    CHECK(out == NULL && error != NULL);
    sop_string_free(out);
    sop_string_free(error);

    /* NULL in, or nowhere to put the answer; a NULL error pointer is
     * allowed and gets nothing. */
    CHECK(sop_evaluate_json(NULL, &out, &error) == SOP_STATUS_NULL_ARGUMENT);
    CHECK(out == NULL && error != NULL);
    sop_string_free(error);
    CHECK(sop_evaluate_json("{}", NULL, NULL) == SOP_STATUS_NULL_ARGUMENT);
    CHECK(sop_fetch_next(NULL, &out, &error) == SOP_STATUS_NULL_ARGUMENT);
    sop_string_free(error);

    /* The _free functions accept NULL. */
    sop_string_free(NULL);
    sop_fetch_free(NULL);
    sop_cache_free(NULL);
}

/* 2. The machine step by step. */
typedef struct {
    int network_error; /* no HTTP response at all */
    uint16_t status;
    const char *headers; /* JSON, or NULL */
    const char *body;    /* or NULL */
} Answer;

/* The canned servers of one fixture scenario: one answer for the
 * preflight, one for the request itself. */
typedef struct {
    const char *name; /* FIXTURE-FILE|SCENARIO|STEP */
    const char *request;
    Answer preflight;
    Answer main;
} Case;

#define PAGE "\"page\": \"https://app.example/\""
#define ALLOW_PUT                                                           \
    "{\"Access-Control-Allow-Origin\": \"https://app.example\", "           \
    "\"Access-Control-Allow-Methods\": \"PUT\"}"
#define ALLOW_ORIGIN "[[\"Access-Control-Allow-Origin\", \"https://app.example\"]]"

static const Case CASES[] = {
    {"preflight.json|PUT allowed by Access-Control-Allow-Methods|-",
     "{" PAGE ", \"request\": {\"url\": \"https://api.example/items/7\", "
     "\"method\": \"PUT\", \"body\": \"{}\"}}",
     {0, 204, ALLOW_PUT, NULL},
     {0, 200, ALLOW_ORIGIN, "done"}},
    {"preflight.json|PUT allowed but its header is not|-",
     "{" PAGE ", \"request\": {\"url\": \"https://api.example/items/7\", "
     "\"method\": \"PUT\", \"headers\": {\"X-Token\": \"abc\"}}}",
     {0, 204, ALLOW_PUT, NULL},
     {0, 200, ALLOW_ORIGIN, "done"}},
    {"network-errors.json|preflight ok then no response|-",
     "{" PAGE ", \"request\": {\"url\": \"https://api.example/x\", "
     "\"method\": \"PUT\", \"body\": \"{}\"}}",
     {0, 204, ALLOW_PUT, NULL},
     {1, 0, NULL, NULL}},
};

/* Runs a fetch to its end against a case's answers; returns how many
 * preflights it sent. */
static int drive(const Case *c, SopCache *cache, double now) {
    SopFetch *fetch = NULL;
    char *error = NULL;
    SopStatus status = sop_fetch_new(c->request, cache, now, &fetch, &error);
    CHECK(status == SOP_STATUS_OK && fetch != NULL && error == NULL);
    if (status != SOP_STATUS_OK) {
        fprintf(stderr, "%s: %s\n", c->name, error ? error : "?");
        sop_string_free(error);
        return 0;
    }

    /* Not over yet: no decision. */
    char *decision = NULL;
    CHECK(sop_fetch_decision(fetch, &decision, &error) == SOP_STATUS_WRONG_STATE);
    CHECK(decision == NULL && error != NULL);
    sop_string_free(error);

    int preflights = 0;
    char *request = NULL;
    for (int round = 0; round < 10; round++) {
        status = sop_fetch_next(fetch, &request, &error);
        if (status == SOP_STATUS_DONE) {
            CHECK(request == NULL && error == NULL);
            break;
        }
        CHECK(status == SOP_STATUS_OK && request != NULL);
        if (request == NULL) {
            break;
        }
        printf("send\t%s\t%s\n", c->name, request);
        int is_preflight = strstr(request, "\"preflight\":true") != NULL;
        preflights += is_preflight;
        sop_string_free(request);
        const Answer *a = is_preflight ? &c->preflight : &c->main;
        if (a->network_error) {
            status = sop_fetch_receive_network_error(fetch, now, &error);
        } else {
            status = sop_fetch_receive(fetch, a->status, a->headers, a->body, now, &error);
        }
        CHECK(status == SOP_STATUS_OK && error == NULL);
        sop_string_free(error);
    }

    /* Over: nothing more to receive. */
    status = sop_fetch_receive(fetch, 200, NULL, NULL, now, &error);
    CHECK(status == SOP_STATUS_WRONG_STATE && error != NULL);
    sop_string_free(error);

    status = sop_fetch_decision(fetch, &decision, &error);
    CHECK(status == SOP_STATUS_OK && decision != NULL && error == NULL);
    if (decision != NULL) {
        printf("decision\t%s\t%s\n", c->name, decision);
    }
    sop_string_free(decision);

    char *trace = NULL;
    status = sop_fetch_trace(fetch, &trace, &error);
    CHECK(status == SOP_STATUS_OK && trace != NULL && trace[0] == '[');
    if (trace != NULL) {
        printf("trace\t%s\t%s\n", c->name, trace);
    }
    sop_string_free(trace);
    sop_fetch_free(fetch);
    return preflights;
}

static void machine(void) {
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        int preflights = drive(&CASES[i], NULL, 0.0);
        CHECK(preflights == 1);
    }

    /* A cache shared by a page's fetches: the first preflight's grant
     * (max-age 60) spares the second PUT its preflight; 61 seconds later
     * it has expired. */
    static const Case first = {
        "preflight-cache.json|second PUT within max-age uses the cache|0",
        "{" PAGE ", \"request\": {\"url\": \"https://api.example/items/7\", "
        "\"method\": \"PUT\", \"body\": \"{}\"}}",
        {0, 204,
         "{\"Access-Control-Allow-Origin\": \"https://app.example\", "
         "\"Access-Control-Allow-Methods\": \"PUT\", \"Access-Control-Max-Age\": \"60\"}",
         NULL},
        {0, 200, ALLOW_ORIGIN, "ok"}};
    Case second = first;
    second.name = "preflight-cache.json|second PUT within max-age uses the cache|1";
    Case expired = first;
    expired.name = "after max-age";

    SopCache *cache = sop_cache_new();
    CHECK(cache != NULL);
    CHECK(drive(&first, cache, 0.0) == 1);
    CHECK(drive(&second, cache, 0.0) == 0);
    CHECK(drive(&expired, cache, 61.0) == 1);
    /* A fetch keeps what it needs of the cache: freeing the cache first
     * is safe. */
    SopFetch *fetch = NULL;
    CHECK(sop_fetch_new(first.request, cache, 61.0, &fetch, NULL) == SOP_STATUS_OK);
    sop_cache_free(cache);
    char *request = NULL;
    CHECK(sop_fetch_next(fetch, &request, NULL) == SOP_STATUS_OK);
    CHECK(request != NULL && strstr(request, "\"method\":\"PUT\"") != NULL);
    sop_string_free(request);
    sop_fetch_free(fetch);
}

static void script_throws(void) {
    SopFetch *fetch = NULL;
    char *error = NULL;
    SopStatus status = sop_fetch_new(
        "{" PAGE ", \"request\": {\"url\": \"https://api.example/x\", \"method\": \"CONNECT\"}}",
        NULL, 0.0, &fetch, &error);
    CHECK(status == SOP_STATUS_SCRIPT_THROWS);
    CHECK(fetch == NULL);
    CHECK(error != NULL && strstr(error, "\"reason\":\"forbidden-method\"") != NULL);
    if (error != NULL) {
        printf("throws\tmodes.json|CONNECT is a forbidden method|-\t%s\n", error);
    }
    sop_string_free(error);

    /* Not a script call at all. */
    status = sop_fetch_new("{" PAGE ", \"responses\": []}", NULL, 0.0, &fetch, &error);
    CHECK(status == SOP_STATUS_INVALID_INPUT && fetch == NULL);
    CHECK(error != NULL && strncmp(error, "<input>: responses: ", 20) == 0);
    sop_string_free(error);
    status = sop_fetch_new("{" PAGE ", \"request\": {\"url\": \"/\"}}", NULL, -1.0, &fetch, &error);
    CHECK(status == SOP_STATUS_INVALID_INPUT && fetch == NULL);
    sop_string_free(error);
}

int main(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        evaluate_file(argv[i]);
    }
    bad_inputs();
    machine();
    script_throws();
    printf("checks\t%d\t%d failed\n", checks, failures);
    return failures == 0 ? 0 : 1;
}
