/*
 * The physical limit for styrlint's loader: read each file named on standard input
 * (one path per line) and pull every libyaml event, doing nothing else.
 * Prints files, bytes and events so the work can be compared with styrlint's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

int main(void) {
    char path[4096];
    unsigned long files = 0, bytes = 0, events = 0, errors = 0;
    char *buffer = NULL;
    size_t capacity = 0;
    while (fgets(path, sizeof path, stdin)) {
        path[strcspn(path, "\n")] = 0;
        if (!*path) continue;
        FILE *file = fopen(path, "rb");
        if (!file) { errors++; continue; }
        fseek(file, 0, SEEK_END);
        long size = ftell(file);
        fseek(file, 0, SEEK_SET);
        if ((size_t)size + 1 > capacity) { capacity = (size_t)size + 1; buffer = realloc(buffer, capacity); }
        size_t read = fread(buffer, 1, (size_t)size, file);
        fclose(file);
        yaml_parser_t parser;
        yaml_event_t event;
        yaml_parser_initialize(&parser);
        yaml_parser_set_input_string(&parser, (const unsigned char *)buffer, read);
        for (;;) {
            if (!yaml_parser_parse(&parser, &event)) { errors++; break; }
            events++;
            int done = event.type == YAML_STREAM_END_EVENT;
            yaml_event_delete(&event);
            if (done) break;
        }
        yaml_parser_delete(&parser);
        files++;
        bytes += read;
    }
    free(buffer);
    printf("%lu files, %lu bytes, %lu events, %lu errors\n", files, bytes, events, errors);
    return 0;
}
