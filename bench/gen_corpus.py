#!/usr/bin/env python3
"""Deterministic synthetic handbook corpus for build benchmarks.

Copied from the team's shared benchmark folder (../shared/bench/gen_corpus.py) so that the
benchmarks run where that folder is absent (CI); the seed text it draws sentences from is
bench/seed/. Keep it identical to the original apart from where it looks for the seed.

Usage: gen_corpus.py OUT_DIR PAGES [SEED_FILE]
Writes OUT_DIR/content/handbook/<section>/<page>.md (CommonMark, Chinese text
drawn from the seed document's sentences, cross links between pages) and
OUT_DIR/hugo/ (the same pages under a minimal Hugo site) for side-by-side runs.
"""
import os, random, sys, re, glob

out, pages = sys.argv[1], int(sys.argv[2])
seed_file = sys.argv[3] if len(sys.argv) > 3 else None
if seed_file is None:
    here = os.path.dirname(os.path.abspath(__file__))
    cands = sorted(glob.glob(os.path.join(here, 'seed', '*.txt')) + glob.glob(os.path.join(here, '..', 'seed', '*.txt')))
    seed_file = cands[0]
text = open(seed_file, encoding='utf-8').read()
sents = [s.strip() for s in re.split(r'[。!?\n]', text) if len(s.strip()) > 8]
rng = random.Random(42)
sections = ['pre-sales', 'after-sales', 'disputes', 'refund-accounting', 'ops-quadrants', 'logistics', 'platform-rules', 'data-analysis']
names = [(sections[i % len(sections)], f'page-{i:05d}') for i in range(pages)]

def para(n):
    return '。'.join(rng.choice(sents) for _ in range(n)) + '。'

def page(i):
    sec, name = names[i]
    lines = [f'# 手册第{i}篇:{rng.choice(sents)[:18]}', '', para(3), '']
    for h in range(rng.randint(3, 6)):
        lines += [f'## 第{h+1}节 {rng.choice(sents)[:12]}', '', para(rng.randint(2, 5)), '']
        k = rng.randint(0, 3)
        if k == 0:
            lines += [f'- **要点**:{rng.choice(sents)}' for _ in range(4)] + ['']
        elif k == 1:
            lines += [f'{j+1}. {rng.choice(sents)} *注意*' for j in range(3)] + ['']
        elif k == 2:
            lines += ['> ' + rng.choice(sents), '']
        else:
            lines += ['```', '借:主营业务收入  100.00', '贷:银行存款      100.00', '```', '']
        tsec, tname = names[rng.randrange(pages)]
        lines += [f'参见 [{tname}](../{tsec}/{tname}.md) 与 `订单号-{rng.randint(1000,9999)}`。', '']
    return sec, name, '\n'.join(lines)

for i in range(pages):
    sec, name, body = page(i)
    for root in (os.path.join(out, 'content', 'handbook'), os.path.join(out, 'hugo', 'content')):
        d = os.path.join(root, sec)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, name + '.md'), 'w', encoding='utf-8') as f:
            if 'hugo' in root:
                f.write(f'---\ntitle: "{name}"\n---\n')
            f.write(body)
h = os.path.join(out, 'hugo')
os.makedirs(os.path.join(h, 'layouts', '_default'), exist_ok=True)
open(os.path.join(h, 'config.toml'), 'w').write('baseURL = "/"\ntitle = "bench"\nrelativeURLs = true\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n[markup.goldmark.renderer]\nunsafe = false\n')
open(os.path.join(h, 'layouts', '_default', 'single.html'), 'w').write('<!doctype html><html><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body><nav>{{ range .Site.Sections }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>{{ .TableOfContents }}<main>{{ .Content }}</main></body></html>\n')
open(os.path.join(h, 'layouts', '_default', 'list.html'), 'w').write('<!doctype html><html><body>{{ range .Pages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</body></html>\n')
print(f'{pages} pages under {out}')
