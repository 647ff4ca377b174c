/**
 * Sets the theme class before the first paint, so a dark-mode visitor never sees a white
 * flash: the stored choice ("light" or "dark"), else the system's preference.
 */
const script = `(function(){try{var t=localStorage.getItem("runledger-theme");var d=t==="dark"||(t!=="light"&&matchMedia("(prefers-color-scheme: dark)").matches);document.documentElement.classList.toggle("dark",d);}catch(e){}})();`;

export function ThemeScript() {
  return <script dangerouslySetInnerHTML={{ __html: script }} />;
}
