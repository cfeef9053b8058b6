/** Progress on stderr: a bar redrawn in place on a terminal, plain lines (every ~10%) otherwise (CI logs). */
export function createProgress(label: string, total: number, stream: NodeJS.WriteStream = process.stderr) {
  const tty = Boolean(stream.isTTY);
  const t0 = Date.now();
  const step = Math.max(1, Math.ceil(total / 10));
  let lastLine = 0;
  return {
    update(done: number, errors: number) {
      const rate = done / Math.max(0.001, (Date.now() - t0) / 1000);
      if (tty) {
        const width = 30;
        const filled = total === 0 ? width : Math.round((done / total) * width);
        stream.write(
          `\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} errors ${errors} ${rate.toFixed(1)}/s `,
        );
        if (done === total) stream.write('\n');
      } else if (done === total || done - lastLine >= step) {
        lastLine = done;
        stream.write(`${label} ${done}/${total} errors ${errors} ${rate.toFixed(1)}/s\n`);
      }
    },
  };
}
