import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import protobuf from 'protobufjs/minimal.js';

/**
 * Builds a tiny transformers.js-style text-classification model folder for tests (no download):
 * a bag-of-characters linear classifier as an ONNX graph (Gather → mask → ReduceSum → Add) written as
 * hand-encoded protobuf, a BERT-style WordPiece tokenizer.json over single characters, and config.json.
 */
export interface TinyModelSpec {
  labels: string[];
  /** Per-character logits: a character in the text adds weights[label] to that label's logit. */
  charWeights: Record<string, Partial<Record<string, number>>>;
  /** Extra characters in the vocabulary with zero weight. */
  extraChars?: string;
}

const SPECIALS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]'];
const FLOAT = 1;
const INT64 = 7;

type W = protobuf.Writer;
const Writer = protobuf.Writer;

function msg(field: number, build: (w: W) => void, w: W): void {
  const inner = Writer.create();
  build(inner);
  w.uint32((field << 3) | 2).bytes(inner.finish());
}
const str = (w: W, field: number, s: string) => w.uint32((field << 3) | 2).string(s);
const int = (w: W, field: number, v: number) => w.uint32(field << 3).int64(v);

function tensor(w: W, field: number, name: string, dims: number[], type: number, data: number[]): void {
  msg(
    field,
    (t) => {
      for (const d of dims) int(t, 1, d);
      t.uint32(2 << 3).int32(type);
      str(t, 8, name);
      const raw =
        type === FLOAT
          ? Buffer.from(Float32Array.from(data).buffer)
          : Buffer.from(BigInt64Array.from(data.map(BigInt)).buffer);
      t.uint32((9 << 3) | 2).bytes(raw);
    },
    w,
  );
}

function valueInfo(w: W, field: number, name: string, type: number, dims: (number | string)[]): void {
  msg(
    field,
    (v) => {
      str(v, 1, name);
      msg(
        2,
        (tp) =>
          msg(
            1,
            (tt) => {
              tt.uint32(1 << 3).int32(type);
              msg(
                2,
                (shape) => {
                  for (const d of dims)
                    msg(1, (dim) => (typeof d === 'number' ? int(dim, 1, d) : str(dim, 2, d)), shape);
                },
                tt,
              );
            },
            tp,
          ),
        v,
      );
    },
    w,
  );
}

function node(w: W, op: string, inputs: string[], outputs: string[], attrs: { name: string; i?: number }[] = []): void {
  msg(
    1,
    (n) => {
      for (const i of inputs) str(n, 1, i);
      for (const o of outputs) str(n, 2, o);
      str(n, 3, `${op}_${outputs[0]}`);
      str(n, 4, op);
      for (const a of attrs)
        msg(
          5,
          (at) => {
            str(at, 1, a.name);
            int(at, 3, a.i ?? 0);
            at.uint32(20 << 3).int32(2); // AttributeProto.INT
          },
          n,
        );
    },
    w,
  );
}

/** The ONNX bytes: logits[b, L] = Σ_s mask[b, s] · E[input_ids[b, s], L] + bias[L]. */
export function buildBagOfCharsOnnx(embedding: number[][], bias: number[]): Uint8Array {
  const vocab = embedding.length;
  const k = bias.length;
  const w = Writer.create();
  int(w, 1, 8); // ir_version
  str(w, 2, 'xinfang-assist tests');
  msg(
    7,
    (g) => {
      node(g, 'Gather', ['E', 'input_ids'], ['emb'], [{ name: 'axis', i: 0 }]);
      node(g, 'Cast', ['attention_mask'], ['maskf'], [{ name: 'to', i: FLOAT }]);
      node(g, 'Unsqueeze', ['maskf', 'axis2'], ['mask3']);
      node(g, 'Mul', ['emb', 'mask3'], ['masked']);
      node(g, 'ReduceSum', ['masked', 'axis1'], ['summed'], [{ name: 'keepdims', i: 0 }]);
      node(g, 'Add', ['summed', 'bias'], ['logits']);
      str(g, 2, 'bag_of_chars');
      tensor(g, 5, 'E', [vocab, k], FLOAT, embedding.flat());
      tensor(g, 5, 'bias', [k], FLOAT, bias);
      tensor(g, 5, 'axis1', [1], INT64, [1]);
      tensor(g, 5, 'axis2', [1], INT64, [2]);
      valueInfo(g, 11, 'input_ids', INT64, ['batch', 'sequence']);
      valueInfo(g, 11, 'attention_mask', INT64, ['batch', 'sequence']);
      valueInfo(g, 12, 'logits', FLOAT, ['batch', k]);
    },
    w,
  );
  msg(
    8,
    (o) => {
      str(o, 1, '');
      int(o, 2, 13);
    },
    w,
  );
  return w.finish();
}

function tokenizerJson(vocab: string[]) {
  const ids = Object.fromEntries(vocab.map((t, i) => [t, i]));
  const special = (t: string) => ({
    id: ids[t],
    content: t,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  });
  const tok = (t: string) => ({ SpecialToken: { id: t, type_id: 0 } });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIALS.map(special),
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: null,
      lowercase: true,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [tok('[CLS]'), { Sequence: { id: 'A', type_id: 0 } }, tok('[SEP]')],
      pair: [
        tok('[CLS]'),
        { Sequence: { id: 'A', type_id: 0 } },
        tok('[SEP]'),
        { Sequence: { id: 'B', type_id: 1 } },
        tok('[SEP]'),
      ],
      special_tokens: Object.fromEntries(['[CLS]', '[SEP]'].map((t) => [t, { id: t, ids: [ids[t]], tokens: [t] }])),
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: ids,
    },
  };
}

/** Writes config.json, tokenizer.json, tokenizer_config.json and onnx/model.onnx into `dir`. */
export function writeTinyModel(dir: string, spec: TinyModelSpec): void {
  const chars = [...new Set([...Object.keys(spec.charWeights).join(''), ...(spec.extraChars ?? '')])];
  const vocab = [...SPECIALS, ...chars];
  const embedding = vocab.map((t) => spec.labels.map((l) => spec.charWeights[t]?.[l] ?? 0));
  mkdirSync(join(dir, 'onnx'), { recursive: true });
  writeFileSync(
    join(dir, 'onnx', 'model.onnx'),
    buildBagOfCharsOnnx(
      embedding,
      spec.labels.map(() => 0),
    ),
  );
  writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify(tokenizerJson(vocab)));
  writeFileSync(
    join(dir, 'tokenizer_config.json'),
    JSON.stringify({
      tokenizer_class: 'BertTokenizer',
      do_lower_case: true,
      model_max_length: 512,
      cls_token: '[CLS]',
      sep_token: '[SEP]',
      pad_token: '[PAD]',
      unk_token: '[UNK]',
    }),
  );
  writeFileSync(
    join(dir, 'config.json'),
    JSON.stringify({
      model_type: 'bert',
      architectures: ['BertForSequenceClassification'],
      id2label: Object.fromEntries(spec.labels.map((l, i) => [String(i), l])),
      label2id: Object.fromEntries(spec.labels.map((l, i) => [l, i])),
      vocab_size: vocab.length,
    }),
  );
}
