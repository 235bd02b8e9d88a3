// Package slug makes URL slugs from titles.
package slug

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MaxLen is the most bytes a slug has.
const MaxLen = 80

// Make turns a title into a URL slug: lower-case ASCII letters and digits
// separated by single hyphens, accents dropped, Cyrillic and Greek spelled
// in Latin letters, other scripts left out, at most MaxLen bytes.
func Make(s string) string {
	var b strings.Builder
	dash := false
	word := func(w string) {
		if dash && b.Len() > 0 {
			b.WriteByte('-')
		}
		b.WriteString(w)
		dash = false
	}
	// Cyrillic and Greek, the scripts of many stories followed here, are
	// spelled in Latin letters ("Україна" is "ukrayina") before accents are
	// taken apart: NFKD would make "й" an "и" and a breve.
	for _, c := range norm.NFC.String(s) {
		parts := norm.NFKD.String(string(c))
		l, ok := latin[unicode.ToLower(c)]
		if !ok { // a Greek letter with its accent: "ά" is "a"
			base, _ := utf8.DecodeRuneInString(parts)
			l, ok = latin[unicode.ToLower(base)]
		}
		if ok {
			if l != "" { // a hard or soft sign has no letter of its own
				word(l)
			}
			continue
		}
		for _, r := range parts {
			switch {
			case unicode.Is(unicode.Mn, r):
			case r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
				word(string(unicode.ToLower(r)))
			default:
				dash = true
			}
		}
	}
	out := b.String()
	if len(out) > MaxLen {
		out = strings.TrimRight(out[:MaxLen], "-")
	}
	return out
}

// latin spells Cyrillic and Greek lower-case letters in Latin ones.
var latin = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'ґ': "g", 'д': "d", 'е': "e", 'є': "ye", 'ё': "yo", 'ж': "zh",
	'з': "z", 'и': "i", 'і': "i", 'ї': "yi", 'й': "y", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o",
	'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u", 'ў': "u", 'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch",
	'ш': "sh", 'щ': "shch", 'ъ': "", 'ь': "", 'ы': "y", 'э': "e", 'ю': "yu", 'я': "ya", 'ђ': "dj", 'ј': "j", 'љ': "lj",
	'њ': "nj", 'ћ': "c", 'џ': "dz", 'ѓ': "gj", 'ќ': "kj", 'ѕ': "dz",
	'α': "a", 'β': "v", 'γ': "g", 'δ': "d", 'ε': "e", 'ζ': "z", 'η': "i", 'θ': "th", 'ι': "i", 'κ': "k",
	'λ': "l", 'μ': "m", 'ν': "n", 'ξ': "x", 'ο': "o", 'π': "p", 'ρ': "r", 'σ': "s", 'ς': "s", 'τ': "t",
	'υ': "y", 'φ': "f", 'χ': "ch", 'ψ': "ps", 'ω': "o",
}
