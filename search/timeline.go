package search

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// timeline is an entity's bar chart, one bar per year from its first dated
// year to its last (years with nothing show as gaps, which is the point
// when following money over five years): the amount per year for money,
// else the lines or papers per year. The template draws it as inline SVG,
// so the page needs no script; the same figures are in a table below it.
type timeline struct {
	ID          string // prefix of the element IDs the SVG refers to
	Title, Desc string // the SVG's accessible name and description
	Width       int
	Height      int
	PlotLeft    float64
	PlotBottom  float64
	PlotRight   float64
	Bars        []timelineBar
	Ticks       []timelineTick
	Rows        []timelineRow // the data table
	Undated     int           // lines or papers with no date, not charted
	Money       bool          // the bars are money; else counts
	Measure     string        // what a bar measures, for the table's heading
	Empty       bool          // nothing is dated: no chart
}

type timelineBar struct {
	X, Y, W, H     string // SVG user units, formatted
	LabelX, LabelY string
	Year           string
	ShowYear       bool
	Tip            string // the bar's <title>
}

type timelineTick struct {
	Y, Label string
}

type timelineRow struct {
	Year, Value string
	Count       int
}

// Chart geometry in SVG user units; the SVG scales to its box (CSS).
const (
	chartWidth  = 640
	chartHeight = 240
	plotLeft    = 72
	plotRight   = 12
	plotTop     = 14
	plotBottom  = 30
)

func svgNum(f float64) string { return strconv.FormatFloat(math.Round(f*10)/10, 'f', -1, 64) }

// newTimeline charts e's years.
func newTimeline(e *Entity) timeline {
	tl := timeline{ID: "tl", Width: chartWidth, Height: chartHeight, PlotLeft: plotLeft,
		PlotBottom: chartHeight - plotBottom, PlotRight: chartWidth - plotRight}
	unit := map[EntityType]string{EntityRecipient: "funding lines", EntityFunder: "funding lines", EntityFund: "funding lines", EntityBody: "papers"}[e.Type]
	tl.Money = e.Type.Money() && e.Pence > 0
	var first, last int
	values := map[int]int64{}
	counts := map[int]int{}
	for _, y := range e.Years {
		if y.Year == "" {
			tl.Undated += y.Count
			continue
		}
		n, err := strconv.Atoi(y.Year)
		if err != nil {
			continue
		}
		if first == 0 || n < first {
			first = n
		}
		if n > last {
			last = n
		}
		counts[n] = y.Count
		if tl.Money {
			values[n] = y.Pence
		} else {
			values[n] = int64(y.Count)
		}
	}
	switch {
	case tl.Money:
		tl.Measure = "Amount (" + currencyLabel(e.Currency) + ")"
		tl.Title = fmt.Sprintf("%s: amount per year", e.Name)
	default:
		tl.Measure = strings.ToUpper(unit[:1]) + unit[1:]
		tl.Title = fmt.Sprintf("%s: %s per year", e.Name, unit)
	}
	if first == 0 {
		tl.Empty = true
		tl.Desc = "Nothing is dated."
		return tl
	}
	var maxV int64
	for y := first; y <= last; y++ {
		maxV = max(maxV, values[y])
	}
	top := niceCeil(maxV)
	if !tl.Money {
		// Whole lines or papers: a small count's axis ends just above it,
		// and the middle tick is a whole number.
		if maxV <= 10 {
			top = max(2, maxV+maxV%2)
		} else if top%2 == 1 {
			top *= 2
		}
	}
	n := last - first + 1
	plotW := float64(chartWidth - plotLeft - plotRight)
	plotH := float64(chartHeight - plotTop - plotBottom)
	slot := plotW / float64(n)
	barW := math.Min(slot*0.7, 56)
	every := 1 + (n-1)/14 // at most about 14 year labels
	var desc []string
	for i := 0; i < n; i++ {
		y := first + i
		v := values[y]
		h := 0.0
		if top > 0 {
			h = float64(v) / float64(top) * plotH
		}
		if v > 0 && h < 1 {
			h = 1 // a small award still shows
		}
		x := float64(plotLeft) + slot*float64(i) + (slot-barW)/2
		text := tl.valueText(v, e.Currency)
		tip := fmt.Sprintf("%d: %s", y, text)
		if tl.Money {
			tip += fmt.Sprintf(" (%s)", countText(counts[y], strings.TrimSuffix(unit, "s"), unit))
		}
		tl.Bars = append(tl.Bars, timelineBar{
			X: svgNum(x), Y: svgNum(plotTop + plotH - h), W: svgNum(barW), H: svgNum(h),
			LabelX: svgNum(x + barW/2), LabelY: svgNum(chartHeight - plotBottom + 16),
			Year: strconv.Itoa(y), ShowYear: i%every == 0 || i == n-1, Tip: tip,
		})
		tl.Rows = append(tl.Rows, timelineRow{Year: strconv.Itoa(y), Value: text, Count: counts[y]})
		desc = append(desc, tip)
	}
	for _, f := range []float64{0, 0.5, 1} {
		v := int64(math.Round(float64(top) * f))
		tl.Ticks = append(tl.Ticks, timelineTick{Y: svgNum(plotTop + plotH - plotH*f), Label: tl.axisText(v, e.Currency)})
	}
	tl.Desc = fmt.Sprintf("From %d to %d. %s.", first, last, strings.Join(desc, "; "))
	if tl.Undated > 0 {
		tl.Desc += fmt.Sprintf(" %s undated, not shown.", countText(tl.Undated, strings.TrimSuffix(unit, "s"), unit))
	}
	return tl
}

func (tl timeline) valueText(v int64, currency string) string {
	if tl.Money {
		return FormatPence(v, currency)
	}
	return strconv.FormatInt(v, 10)
}

// axisText is a tick's label, short: £1.2m, £250k, £300.
func (tl timeline) axisText(v int64, currency string) string {
	if !tl.Money {
		return strconv.FormatInt(v, 10)
	}
	pounds := float64(v) / 100
	sym := strings.TrimSuffix(FormatPence(0, currency), "0.00")
	switch {
	case pounds >= 1e9:
		return sym + trimFloat(pounds/1e9) + "bn"
	case pounds >= 1e6:
		return sym + trimFloat(pounds/1e6) + "m"
	case pounds >= 1e4:
		return sym + trimFloat(pounds/1e3) + "k"
	default:
		return sym + strconv.FormatFloat(math.Round(pounds), 'f', -1, 64)
	}
}

func trimFloat(f float64) string { return strconv.FormatFloat(math.Round(f*10)/10, 'f', -1, 64) }

func currencyLabel(c string) string {
	if c == "" {
		return "GBP"
	}
	return c
}

// niceCeil rounds v up to 1, 2 or 5 times a power of ten, so the axis
// reads in round figures; 0 stays 0.
func niceCeil(v int64) int64 {
	if v <= 0 {
		return 0
	}
	p := int64(1)
	for p*10 <= v {
		p *= 10
	}
	for _, m := range []int64{1, 2, 5, 10} {
		if m*p >= v {
			return m * p
		}
	}
	return 10 * p
}
