/**
 * The portal's languages: Kazakh, Russian (default) and English, one dictionary each. The choice is remembered in
 * localStorage and written to `<html lang>` so assistive technology reads the page in the right language.
 */
import { createContext, type ComponentChildren } from 'preact';
import { useContext, useEffect, useMemo, useState } from 'preact/hooks';
import type { Lang } from '../../../shared/domain/regions.js';
import { en } from './en.js';
import { kk } from './kk.js';
import { ru, type MessageKey, type Messages } from './ru.js';

export type { Lang, MessageKey };

export const LANGS: readonly Lang[] = ['kk', 'ru', 'en'];

/** Each language's name in itself, for the switcher. */
export const LANG_NAMES: Readonly<Record<Lang, string>> = { kk: 'Қазақша', ru: 'Русский', en: 'English' };

const DICTIONARIES: Readonly<Record<Lang, Messages>> = { kk, ru, en };

const STORAGE_KEY = 'konkurs.lang';

const initialLang = (): Lang => {
  const stored = localStorage.getItem(STORAGE_KEY);
  return stored === 'kk' || stored === 'en' || stored === 'ru' ? stored : 'ru';
};

export type Params = Record<string, string | number>;

/** Looks a message up and fills `{name}` placeholders. */
export const translate = (lang: Lang, key: MessageKey, params?: Params): string => {
  const text = DICTIONARIES[lang][key] ?? key;
  return params ? text.replace(/\{(\w+)\}/g, (all, name: string) => (name in params ? String(params[name]) : all)) : text;
};

export interface I18n {
  readonly lang: Lang;
  readonly setLang: (lang: Lang) => void;
  readonly t: (key: MessageKey, params?: Params) => string;
}

const I18nContext = createContext<I18n>({ lang: 'ru', setLang: () => undefined, t: (key, params) => translate('ru', key, params) });

export const I18nProvider = ({ children }: { children: ComponentChildren }) => {
  const [lang, setLangState] = useState<Lang>(initialLang);
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = translate(lang, 'app.title');
  }, [lang]);
  const value = useMemo<I18n>(
    () => ({
      lang,
      setLang: (next) => {
        localStorage.setItem(STORAGE_KEY, next);
        setLangState(next);
      },
      t: (key, params) => translate(lang, key, params),
    }),
    [lang],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
};

export const useI18n = (): I18n => useContext(I18nContext);
