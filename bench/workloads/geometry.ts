// Methods that make small value objects of this module and call their methods (`new Span(…).grow(…)`,
// `const box = new Box(…); box.area()`): the shape `experiments/created-receivers.mjs` measures.
class Span {
  constructor(readonly from: number, readonly to: number) {}
  size(): number { return this.to - this.from }
  grow(n: number): number { return this.size() + n }
}
class Box {
  constructor(readonly w: number, readonly h: number) {}
  area(): number { return this.w * this.h }
  fits(other: number): boolean { return this.area() <= other }
}
export class Layout {
  gap = 2
  cell(i: number): number {
    const box = new Box(i % 7, i % 5)
    return new Span(i, i + box.area()).grow(this.gap) + (box.fits(20) ? 1 : 0)
  }
  row(n: number): number {
    let sum = 0
    for (let i = 0; i < n; i++) sum += this.cell(i)
    return sum
  }
}

export function layoutRow(layout: Layout, n: number): number {
  return layout.row(n)
}
