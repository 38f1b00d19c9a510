package upload

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// limitError reports an upload rejected by one of the Limits; it matches
// its sentinel with errors.Is and carries the limits for Message.
type limitError struct {
	err           error
	limits        Limits
	width, height int
	memory        bool  // refused by limits.MaxMemory rather than by its pixel count
	deep          bool  // 16 bits per channel
	fitting       int64 // with memory: the most pixels of this kind within the limit
}

func (e *limitError) Error() string {
	if e.memory {
		return fmt.Sprintf("%v: %dx%d pixels need more than %d bytes to decode", e.err, e.width, e.height, e.limits.MaxMemory)
	}
	if e.err == ErrTooManyPixels {
		return fmt.Sprintf("%v: %dx%d pixels, limits %d per side and %d in total",
			e.err, e.width, e.height, e.limits.MaxSide, e.limits.MaxPixels)
	}
	return fmt.Sprintf("%v: more than %d bytes", e.err, e.limits.MaxBytes)
}

func (e *limitError) Unwrap() error { return e.err }

// Message returns a Dutch sentence for the submitter explaining why the
// upload failed, fit to show next to the file field. It returns "" for a
// nil error and a generic "try again" sentence for errors that do not come
// from the checks of Process (for example a broken connection). When err
// carries the limits that were exceeded, the sentence names them;
// otherwise it names the defaults.
func Message(err error) string {
	if err == nil {
		return ""
	}
	limits := Limits{}.withDefaults()
	var le *limitError
	if errors.As(err, &le) {
		limits = le.limits
	}
	switch {
	case errors.Is(err, ErrEmpty):
		return "Dit bestand is leeg. Kies een foto."
	case errors.Is(err, ErrTooLarge):
		return "Dit bestand is groter dan " + megabytes(limits.MaxBytes) + ". Kies een kleinere foto."
	case errors.Is(err, ErrUnsupportedFormat):
		return "Kies een foto in JPEG-, PNG- of WebP-formaat."
	case errors.Is(err, ErrTooManyPixels) && le != nil && le.memory:
		msg := "Deze foto is te groot om te verwerken (" + thousands(int64(le.width)) + " × " + thousands(int64(le.height)) + " pixels"
		if le.deep {
			msg += " met 16 bits per kleur). Bewaar hem als JPEG, of met 8 bits per kleur, of verklein hem"
		} else {
			msg += "). Verklein hem"
		}
		return msg + " tot hoogstens " + megapixels(le.fitting) + " megapixels en kies hem opnieuw."
	case errors.Is(err, ErrTooManyPixels):
		return "Deze foto heeft te veel pixels. Hij mag hoogstens " + thousands(int64(limits.MaxSide)) +
			" pixels breed of hoog zijn en samen hoogstens " + megapixels(limits.MaxPixels) + " megapixels tellen."
	case errors.Is(err, ErrBusy):
		return "Er worden nu veel foto's tegelijk verwerkt, en de jouwe kwam niet op tijd aan de beurt. " +
			"Kies de foto opnieuw en verstuur het formulier nog eens; wat je typte, staat er nog."
	case errors.Is(err, ErrCorrupt):
		return "Deze foto is beschadigd of onvolledig en kan niet gelezen worden. Kies een ander bestand."
	default:
		return "Het opladen van de foto is mislukt. Probeer het opnieuw."
	}
}

// megabytes formats n bytes in binary megabytes the Dutch way ("8 MB",
// "1,5 MB").
func megabytes(n int64) string {
	return decimal(float64(n)/(1<<20)) + " MB"
}

func megapixels(n int64) string {
	return decimal(float64(n) / 1e6)
}

// decimal formats v with at most one decimal, using a decimal comma.
func decimal(v float64) string {
	s := strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64)
	return strings.Replace(s, ".", ",", 1)
}

// thousands formats n with a dot as thousands separator ("10.000").
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	return b.String()
}
