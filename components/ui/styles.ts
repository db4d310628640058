// The kit's class strings for elements that are not kit components themselves (a <Link> styled as a
// button, a plain link, a native input inside a bespoke layout).
export { buttonClass, linkClass } from "./button";
export { inputClass } from "./input";
