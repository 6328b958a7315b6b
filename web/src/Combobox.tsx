import { type KeyboardEvent, useId, useState } from 'react';

/**
 * An editable combobox with a list popup (the WAI-ARIA "combobox" pattern): typing filters,
 * Arrow keys move through the options, Enter picks, Escape closes the list (and only the
 * list, not a dialog around it). The caller owns the text and the options, so the filtering
 * can happen on the server.
 */
export function Combobox<T>(props: {
  label: string;
  text: string;
  onText: (text: string) => void;
  options: readonly T[];
  optionKey: (o: T) => string;
  optionLabel: (o: T) => string;
  onPick: (o: T) => void;
  /** Said under the field; also read by screen readers. */
  hint?: string | undefined;
  /** Shown in the list when nothing matches. */
  empty: string;
  busy?: boolean;
  placeholder?: string;
  className?: string;
  onFocus?: () => void;
  onBlur?: () => void;
}) {
  const id = useId();
  const listId = `${id}-list`;
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const { options } = props;
  const at = active >= 0 && active < options.length ? active : -1;
  const optionId = (i: number) => `${id}-o${i}`;
  const pick = (o: T) => {
    props.onPick(o);
    setOpen(false);
    setActive(-1);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!open) setOpen(true);
      const n = options.length;
      if (n === 0) return;
      setActive(e.key === 'ArrowDown' ? (at + 1) % n : at <= 0 ? n - 1 : at - 1);
    } else if (e.key === 'Enter') {
      if (open && at >= 0) {
        e.preventDefault();
        pick(options[at]!);
      }
    } else if (e.key === 'Escape') {
      if (open) {
        // The list closes; a dialog around the field stays open.
        e.stopPropagation();
        setOpen(false);
        setActive(-1);
      } else if (props.text) {
        e.stopPropagation();
        props.onText('');
      }
    }
  };
  return (
    <div className={props.className ? `field combobox ${props.className}` : 'field combobox'}>
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type="text"
        role="combobox"
        autoComplete="off"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={open && at >= 0 ? optionId(at) : undefined}
        aria-describedby={props.hint ? `${id}-hint` : undefined}
        placeholder={props.placeholder}
        value={props.text}
        onChange={(e) => {
          props.onText(e.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onFocus={props.onFocus}
        onClick={() => setOpen(true)}
        onKeyDown={onKeyDown}
        onBlur={() => {
          setOpen(false);
          setActive(-1);
          props.onBlur?.();
        }}
      />
      {props.hint && (
        <small id={`${id}-hint`} className="hint">
          {props.hint}
        </small>
      )}
      <div id={listId} role="listbox" aria-label={props.label} className="combobox-list" hidden={!open}>
        {options.map((o, i) => (
          // biome-ignore lint/a11y/useFocusableInteractive: -- options are reached through the input's aria-activedescendant (the combobox pattern); focus stays in the input
          <div
            key={props.optionKey(o)}
            id={optionId(i)}
            role="option"
            aria-selected={i === at}
            className={i === at ? 'active' : undefined}
            // mousedown, not click: the input keeps focus, so the list is still open when the pick lands.
            onMouseDown={(e) => {
              e.preventDefault();
              pick(o);
            }}
          >
            {props.optionLabel(o)}
          </div>
        ))}
        {options.length === 0 && (
          // biome-ignore lint/a11y/useFocusableInteractive: -- a disabled option saying why the list is empty; nothing to focus
          <div role="option" aria-disabled="true" aria-selected="false" className="muted">
            {props.busy ? 'Searching…' : props.empty}
          </div>
        )}
      </div>
    </div>
  );
}
