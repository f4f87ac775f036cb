"""The pages of the Streamlit app (app.py): one module per page, each a `render(store)` over named queries
and the graph packages. Only the app and these pages import Streamlit; they compute nothing the command line
cannot also answer, so every figure on a page has a query behind it."""
