/* The floor: a bare libyaml event scan of the given files (no tree, no typing, no output).
 *
 *   cc -O2 bench/floor/scan.c $(pkg-config --cflags --libs yaml-0.1) -o bench/.work/scan
 *   bench/.work/scan experiments.yaml suite/part-*.yaml
 *
 * Reads each file whole, as respan-plan does, parses it to the end and counts the events. Prints
 * the event count; exits 1 when a file cannot be read or is not valid YAML. */
#include <stdio.h>
#include <stdlib.h>
#include <yaml.h>

static unsigned char *read_file(const char *path, size_t *size) {
    FILE *file = fopen(path, "rb");
    if (!file) return NULL;
    fseek(file, 0, SEEK_END);
    long length = ftell(file);
    fseek(file, 0, SEEK_SET);
    unsigned char *bytes = malloc(length > 0 ? (size_t)length : 1);
    if (bytes && fread(bytes, 1, (size_t)length, file) != (size_t)length) {
        free(bytes);
        bytes = NULL;
    }
    fclose(file);
    *size = (size_t)length;
    return bytes;
}

static long scan(const unsigned char *bytes, size_t size) {
    yaml_parser_t parser;
    yaml_event_t event;
    long events = 0;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, bytes, size);
    for (;;) {
        if (!yaml_parser_parse(&parser, &event)) {
            events = -1;
            break;
        }
        yaml_event_type_t type = event.type;
        yaml_event_delete(&event);
        events++;
        if (type == YAML_STREAM_END_EVENT) break;
    }
    yaml_parser_delete(&parser);
    return events;
}

int main(int argc, char **argv) {
    long total = 0;
    for (int i = 1; i < argc; i++) {
        size_t size = 0;
        unsigned char *bytes = read_file(argv[i], &size);
        if (!bytes) {
            fprintf(stderr, "%s: cannot read\n", argv[i]);
            return 1;
        }
        long events = scan(bytes, size);
        free(bytes);
        if (events < 0) {
            fprintf(stderr, "%s: invalid YAML\n", argv[i]);
            return 1;
        }
        total += events;
    }
    printf("%ld events\n", total);
    return 0;
}
