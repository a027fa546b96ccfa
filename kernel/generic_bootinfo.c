// SPDX-License-Identifier: MIT
/*
 * generic_bootinfo.c: builds X.2 Appendix E's generic BootInfo from what
 * the loader told the kernel (struct boot_info). Each record is its fixed
 * words followed by its command line (NUL-terminated, padded to a word);
 * offset_next is the record's whole size, also for the last record (E.1
 * leaves that one undefined). A measuring pass (buf NULL) and the writing
 * pass run the same code, so the size reserved is the size written.
 */
#include "generic_bootinfo.h"

#define HEADER_WORDS       5
#define MODULE_WORDS       6
#define SIMPLE_EXEC_WORDS  16

struct writer {
	uint32_t *base;                 /* NULL: measure only */
	uint32_t at;                    /* bytes so far */
};

static void put_word(struct writer *w, uint32_t off, uint32_t v)
{
	if (w->base)
		w->base[off / 4] = v;
}

static uint32_t string_size(const char *s)
{
	uint32_t n = 0;
	while (s[n])
		n++;
	return (n + 1 + 3) & ~3u;
}

/* Appends a record of 'words' fixed words and its command line; fills
 * the three common words and the command-line offset at word cmd_word.
 * Returns the record's offset. */
static uint32_t put_record(struct writer *w, uint32_t type, unsigned words,
                           unsigned cmd_word, const char *cmdline)
{
	uint32_t rec = w->at, strsize = string_size(cmdline);
	uint32_t size = words * 4 + strsize;
	put_word(w, rec + 0, type);
	put_word(w, rec + 4, 1);        /* the record's version */
	put_word(w, rec + 8, size);
	put_word(w, rec + cmd_word * 4, words * 4);
	if (w->base) {
		char *s = (char *)w->base + rec + words * 4;
		uint32_t i = 0;
		for (; cmdline[i]; i++)
			s[i] = cmdline[i];
		for (; i < strsize; i++)
			s[i] = '\0';
	}
	w->at += size;
	return rec;
}

static void put_module(struct writer *w, uint32_t start, uint32_t size, const char *cmdline)
{
	uint32_t r = put_record(w, BOOTREC_MODULE, MODULE_WORDS, 5, cmdline);
	put_word(w, r + 12, start);
	put_word(w, r + 16, size);
}

static void put_exec(struct writer *w, const struct boot_exec *ex, const char *cmdline)
{
	uint32_t r = put_record(w, BOOTREC_SIMPLE_EXEC, SIMPLE_EXEC_WORDS, 15, cmdline);
	const uint32_t v[] = { ex->text_start, ex->text_start, ex->text_size,
	                       ex->data_start, ex->data_start, ex->data_size,
	                       ex->bss_start, ex->bss_start, ex->bss_size,
	                       ex->entry, 0, 0 };     /* flags, label: ours to leave 0 */
	for (unsigned i = 0; i < 12; i++)
		put_word(w, r + 12 + i * 4, v[i]);
}

uint32_t generic_bootinfo_build(void *buf, const struct boot_info *bi,
                                const struct boot_exec *execs, unsigned nexec)
{
	struct writer w = { buf, HEADER_WORDS * 4 };
	unsigned n = 0;
	put_module(&w, bi->kernel_start, bi->kernel_end - bi->kernel_start, bi->cmdline), n++;
	for (unsigned i = 0; i < bi->nmods; i++, n++)
		put_module(&w, bi->mods[i].start, bi->mods[i].end - bi->mods[i].start,
		           bi->mods[i].cmdline);
	for (unsigned i = 0; i < nexec; i++, n++)
		put_exec(&w, &execs[i], execs[i].module < bi->nmods ? bi->mods[execs[i].module].cmdline : "");
	put_word(&w, 0, GENERIC_BOOTINFO_MAGIC);
	put_word(&w, 4, GENERIC_BOOTINFO_VERSION);
	put_word(&w, 8, w.at);
	put_word(&w, 12, HEADER_WORDS * 4);
	put_word(&w, 16, n);
	return w.at;
}

bool boot_exec_from_elf(const struct elf_image *img, unsigned module, struct boot_exec *ex)
{
	*ex = (struct boot_exec){ .module = module, .entry = img->entry };
	unsigned i = 0;
	if (img->nsegs == 0 || !img->seg[0].executable || img->seg[0].writable)
		return false;
	ex->text_start = img->seg[0].vaddr;
	for (; i < img->nsegs && !img->seg[i].writable; i++) {
		const struct elf_segment *s = &img->seg[i];
		if (s->vaddr < ex->text_start + ex->text_size || s->memsz != s->filesz)
			return false;   /* out of order, or bss in a read-only segment */
		ex->text_size = s->vaddr + s->memsz - ex->text_start;
	}
	if (i == img->nsegs) {
		ex->data_start = ex->bss_start = ex->text_start + ex->text_size;
		return true;
	}
	const struct elf_segment *d = &img->seg[i];
	if (i + 1 != img->nsegs || d->executable || d->vaddr < ex->text_start + ex->text_size)
		return false;
	ex->data_start = d->vaddr;
	ex->data_size = d->filesz;
	ex->bss_start = d->vaddr + d->filesz;
	ex->bss_size = d->memsz - d->filesz;
	return true;
}
