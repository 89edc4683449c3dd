"""Knowledge base: sourced glossary terms and competition-law rules, and the search over them."""
