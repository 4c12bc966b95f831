// riskassess: progressive enhancement only. No inline scripts anywhere (CSP).
