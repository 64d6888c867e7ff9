import type { Page } from 'playwright-core';

/** A control whose words do not fit, as a failed assertion shows it. */
export interface LayoutProblem {
  element: string;
  text: string;
  problem: string;
}

/**
 * What a longer language breaks first, read from the element boxes: the page scrolling sideways,
 * and a control (button, label styled as a button or not, disclosure, status line, chip) whose
 * words overflow it, that sticks out of its parent or the viewport, or that an ancestor which
 * clips its overflow cuts off, or a one-line field whose example text (placeholder) is cut off.
 * Hidden elements (zero size) are skipped.
 */
export function layoutProblems(page: Page): Promise<LayoutProblem[]> {
  return page.evaluate(() => {
    const CONTROLS =
      'button, .button-like, label, summary, a, [role="status"], .status, .managed-badge, .access, select, h1, h2';
    const SLACK = 0.5; // sub-pixel rounding
    const problems: LayoutProblem[] = [];
    const name = (element: Element) =>
      `${element.tagName.toLowerCase()}${element.className ? `.${String(element.className).split(' ').join('.')}` : ''}`;
    const report = (element: Element, problem: string) =>
      problems.push({
        element: name(element),
        text: (element.textContent ?? '').trim().slice(0, 80),
        problem,
      });

    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth)
      report(root, `the page scrolls sideways (${root.scrollWidth} > ${root.clientWidth})`);
    if (document.body.scrollWidth > document.body.clientWidth)
      report(
        document.body,
        `the body overflows (${document.body.scrollWidth} > ${document.body.clientWidth})`,
      );

    for (const element of document.querySelectorAll<HTMLElement>(CONTROLS)) {
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      // Inline boxes have no client width; their box is checked against the others below.
      if (element.clientWidth > 0 && element.scrollWidth > element.clientWidth)
        report(element, `its content overflows it (${element.scrollWidth} > ${element.clientWidth})`);
      if (box.left < -SLACK || box.right > window.innerWidth + SLACK)
        report(element, `outside the viewport (${box.left}–${box.right} of ${window.innerWidth})`);
      const parent = element.parentElement;
      if (parent) {
        const outer = parent.getBoundingClientRect();
        if (box.left < outer.left - SLACK || box.right > outer.right + SLACK)
          report(
            element,
            `sticks out of its parent ${name(parent)} (${box.left}–${box.right} of ${outer.left}–${outer.right})`,
          );
      }
      for (let ancestor = parent; ancestor && ancestor !== root; ancestor = ancestor.parentElement) {
        const style = getComputedStyle(ancestor);
        const clipsX = style.overflowX !== 'visible';
        const clipsY = style.overflowY !== 'visible';
        if (!clipsX && !clipsY) continue;
        const outer = ancestor.getBoundingClientRect();
        if (clipsX && (box.left < outer.left - SLACK || box.right > outer.right + SLACK))
          report(element, `cut off sideways by ${name(ancestor)} (overflow ${style.overflowX})`);
        if (
          clipsY &&
          style.overflowY !== 'auto' &&
          style.overflowY !== 'scroll' &&
          (box.top < outer.top - SLACK || box.bottom > outer.bottom + SLACK)
        )
          report(element, `cut off by ${name(ancestor)} (overflow ${style.overflowY})`);
      }
    }
    // A one-line field's example text (placeholder), measured in the field's font against the
    // room for text: its content box, less Chromium's spin button (15 px) in a number field.
    const probe = document.body.appendChild(document.createElement('span'));
    probe.style.cssText = 'position: absolute; visibility: hidden; white-space: pre';
    for (const input of document.querySelectorAll<HTMLInputElement>('input[placeholder]')) {
      if (input.clientWidth === 0) continue;
      const style = getComputedStyle(input);
      probe.style.font = style.font;
      probe.style.letterSpacing = style.letterSpacing;
      probe.textContent = input.placeholder;
      const room =
        input.clientWidth -
        parseFloat(style.paddingLeft) -
        parseFloat(style.paddingRight) -
        (input.type === 'number' ? 15 : 0);
      const width = probe.getBoundingClientRect().width;
      if (width > room + SLACK)
        report(
          input,
          `its placeholder "${input.placeholder}" is cut off (${Math.round(width)} > ${Math.round(room)})`,
        );
    }
    probe.remove();
    return problems;
  });
}
